package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Tensor;

/** Shared invariants of the same-shape-in-and-out operators (activations, dropout, the loss layers). */
final class Elementwise {

    private Elementwise() {
    }

    /** The interpreter sizes both tensors for the batch; a mismatch is a bug in the caller. */
    static void checkSameSize(String op, Tensor expected, Tensor actual) {
        Preconditions.checkArgument(expected.size() == actual.size(), "%s: %s and %s differ in size",
                op, expected, actual);
    }

    /** The single input of a one-operand layer. */
    static Tensor only(String op, Tensor[] inputs) {
        Preconditions.checkArgument(inputs.length == 1, "%s takes one input, got %s", op, inputs.length);
        return inputs[0];
    }
}
