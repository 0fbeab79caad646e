package dev.nnc.train;

import dev.nnc.ops.Parameter;
import dev.nnc.graph.OptimizerSpec;
import java.util.List;

/**
 * Nesterov momentum, {@code nesterov(lr, mu)}, in the form that keeps the parameters at the "looked-ahead"
 * point (CS231n, Bengio et al. 2012):
 * {@code v_prev = v; v = mu * v - lr * dw; w += -mu * v_prev + (1 + mu) * v}. Slot {@code v}.
 */
final class Nesterov extends SlotOptimizer {

    private final double mu;

    Nesterov(OptimizerSpec spec, List<Parameter> params) {
        super(spec, params, "v");
        this.mu = hyper(spec, "mu", 0, 1);
    }

    /** Float arithmetic for float32 (vectorizable); the double rule's result up to float rounding. */
    @Override
    protected void update(int p, float[] w, float[] dw, int n) {
        float[] v = slotF32(0, p);
        float m = (float) mu;
        float m1 = (float) (1 + mu);
        float rate = (float) lr;
        for (int i = 0; i < n; i++) {
            float prev = v[i];
            float next = m * prev - rate * dw[i];
            v[i] = next;
            w[i] = w[i] - m * prev + m1 * next;
        }
    }

    @Override
    protected void update(int p, double[] w, double[] dw, int n) {
        double[] v = slotF64(0, p);
        for (int i = 0; i < n; i++) {
            double prev = v[i];
            v[i] = mu * prev - lr * dw[i];
            w[i] += -mu * prev + (1 + mu) * v[i];
        }
    }
}
