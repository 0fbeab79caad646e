package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * {@code flatten}: (N, C, H, W) → (N, C·H·W), out[n, (c·H + h)·W + w] = x[n, c, h, w]. Row-major storage
 * makes that the same sequence of numbers, so forward and backward are copies: dx = dout, reshaped back.
 */
public final class Flatten implements Operator {

    private final String name;

    public Flatten(Node node, List<Parameter> params, ExecContext ctx) {
        Preconditions.checkArgument(params.isEmpty(), "%s: flatten has no parameters", node.name());
        this.name = node.name();
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = inputs[0];
        Preconditions.checkArgument(output.rank() == 2 && output.dim(0) == x.dim(0) && output.size() == x.size(),
                "%s: output %s cannot hold input %s flattened", name, output, x);
        output.copyFrom(x);
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        if (dInputs[0] != null) {
            Preconditions.checkArgument(dInputs[0].size() == dOutput.size(), "%s: dx %s for dout %s", name,
                    dInputs[0], dOutput);
            dInputs[0].copyFrom(dOutput);
        }
    }
}
