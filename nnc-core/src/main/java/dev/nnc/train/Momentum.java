package dev.nnc.train;

import dev.nnc.ops.Parameter;
import dev.nnc.graph.OptimizerSpec;
import java.util.List;

/**
 * SGD with momentum, {@code momentum(lr, mu)}: a velocity {@code v} (slot {@code v}, starting at zero) is
 * an exponentially decaying sum of past steps,
 * {@code v = mu * v - lr * dw; w += v}.
 */
final class Momentum extends SlotOptimizer {

    private final double mu;

    Momentum(OptimizerSpec spec, List<Parameter> params) {
        super(spec, params, "v");
        this.mu = hyper(spec, "mu", 0, 1);
    }

    /** Float arithmetic for float32 (vectorizable); the double rule's result up to float rounding. */
    @Override
    protected void update(int p, float[] w, float[] dw, int n) {
        float[] v = slotF32(0, p);
        float m = (float) mu;
        float rate = (float) lr;
        for (int i = 0; i < n; i++) {
            float vi = m * v[i] - rate * dw[i];
            v[i] = vi;
            w[i] += vi;
        }
    }

    @Override
    protected void update(int p, double[] w, double[] dw, int n) {
        double[] v = slotF64(0, p);
        for (int i = 0; i < n; i++) {
            v[i] = mu * v[i] - lr * dw[i];
            w[i] += v[i];
        }
    }
}
