package dev.nnc.train;

import dev.nnc.ops.Parameter;
import dev.nnc.graph.OptimizerSpec;
import java.util.List;

/**
 * Adagrad (Duchi et al. 2011), {@code adagrad(lr, eps)}: each weight's step shrinks with the sum of its
 * squared gradients (slot {@code cache}),
 * {@code c += dw^2; w -= lr * dw / (sqrt(c) + eps)}.
 */
final class Adagrad extends SlotOptimizer {

    private final double eps;

    Adagrad(OptimizerSpec spec, List<Parameter> params) {
        super(spec, params, "cache");
        this.eps = hyper(spec, "eps", Double.MIN_VALUE, Double.POSITIVE_INFINITY);
    }

    /** Float arithmetic for float32 (vectorizable); the double rule's result up to float rounding. */
    @Override
    protected void update(int p, float[] w, float[] dw, int n) {
        float[] c = slotF32(0, p);
        float rate = (float) lr;
        float e = (float) eps;
        for (int i = 0; i < n; i++) {
            float g = dw[i];
            float ci = c[i] + g * g;
            c[i] = ci;
            w[i] -= rate * g / ((float) Math.sqrt(ci) + e);
        }
    }

    @Override
    protected void update(int p, double[] w, double[] dw, int n) {
        double[] c = slotF64(0, p);
        for (int i = 0; i < n; i++) {
            double g = dw[i];
            c[i] += g * g;
            w[i] -= lr * g / (Math.sqrt(c[i]) + eps);
        }
    }
}
