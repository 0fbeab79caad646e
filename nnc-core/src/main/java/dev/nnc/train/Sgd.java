package dev.nnc.train;

import dev.nnc.ops.Parameter;
import dev.nnc.graph.OptimizerSpec;
import java.util.List;

/** Vanilla stochastic gradient descent, {@code sgd(lr)}: {@code w -= lr * dw}. No state. */
final class Sgd extends SlotOptimizer {

    Sgd(OptimizerSpec spec, List<Parameter> params) {
        super(spec, params);
    }

    /** Float arithmetic for float32 (vectorizable); the double rule's result up to float rounding. */
    @Override
    protected void update(int p, float[] w, float[] dw, int n) {
        float rate = (float) lr;
        for (int i = 0; i < n; i++) {
            w[i] -= rate * dw[i];
        }
    }

    @Override
    protected void update(int p, double[] w, double[] dw, int n) {
        for (int i = 0; i < n; i++) {
            w[i] -= lr * dw[i];
        }
    }
}
