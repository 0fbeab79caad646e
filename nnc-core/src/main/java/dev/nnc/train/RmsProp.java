package dev.nnc.train;

import dev.nnc.ops.Parameter;
import dev.nnc.graph.OptimizerSpec;
import java.util.List;

/**
 * RMSProp (Tieleman and Hinton 2012), {@code rmsprop(lr, decay, eps)}: Adagrad with a leaky cache (slot
 * {@code cache}), {@code c = decay * c + (1 - decay) * dw^2; w -= lr * dw / (sqrt(c) + eps)}.
 */
final class RmsProp extends SlotOptimizer {

    private final double decay;
    private final double eps;

    RmsProp(OptimizerSpec spec, List<Parameter> params) {
        super(spec, params, "cache");
        this.decay = hyper(spec, "decay", 0, 1);
        this.eps = hyper(spec, "eps", Double.MIN_VALUE, Double.POSITIVE_INFINITY);
    }

    /** Float arithmetic for float32 (vectorizable); the double rule's result up to float rounding. */
    @Override
    protected void update(int p, float[] w, float[] dw, int n) {
        float[] c = slotF32(0, p);
        float d = (float) decay;
        float d1 = (float) (1 - decay);
        float rate = (float) lr;
        float e = (float) eps;
        for (int i = 0; i < n; i++) {
            float g = dw[i];
            float ci = d * c[i] + d1 * (g * g);
            c[i] = ci;
            w[i] -= rate * g / ((float) Math.sqrt(ci) + e);
        }
    }

    @Override
    protected void update(int p, double[] w, double[] dw, int n) {
        double[] c = slotF64(0, p);
        for (int i = 0; i < n; i++) {
            double g = dw[i];
            c[i] = decay * c[i] + (1 - decay) * g * g;
            w[i] -= lr * g / (Math.sqrt(c[i]) + eps);
        }
    }
}
