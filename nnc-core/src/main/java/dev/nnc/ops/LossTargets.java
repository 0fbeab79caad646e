package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;

/** Validation of the targets a loss layer is scored against; the messages reach users as they are. */
final class LossTargets {

    private LossTargets() {
    }

    /** Checks that the targets are class labels, one per example, each in [0, classes). */
    static void checkLabels(String op, Targets targets, int n, int classes) {
        if (!targets.hasLabels()) {
            throw new IllegalArgumentException(op + " needs class labels as targets, but got real values");
        }
        Preconditions.checkArgument(targets.count() == n, "%s: %s targets for a batch of %s",
                op, targets.count(), n);
        for (int i = 0; i < n; i++) {
            int y = targets.label(i);
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException(op + ": label " + y + " of example " + i
                        + " is outside [0, " + classes + "); the model has " + classes + " classes");
            }
        }
    }

    /** Label smoothing is defined for softmax's target distribution only. */
    static void checkUnsmoothed(String op, Targets targets) {
        if (targets.smoothing() != 0) {
            throw new IllegalArgumentException(op + " has no label smoothing (it is for softmax), but the targets "
                    + "are smoothed by " + targets.smoothing());
        }
    }

    /** Checks that the targets are real values of the output's size. */
    static void checkValues(String op, Targets targets, Tensor output) {
        if (targets.hasLabels()) {
            throw new IllegalArgumentException(op + " needs real-valued targets, but got class labels");
        }
        Tensor t = targets.values();
        if (t.size() != output.size()) {
            throw new IllegalArgumentException(op + ": targets of shape " + t + " do not match outputs of shape "
                    + output);
        }
    }
}
