package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.ops.Parameter;
import dev.nnc.graph.OptimizerSpec;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015), {@code adam(lr, beta1, beta2, eps)}, with bias correction. Slots {@code m} and
 * {@code v} (first and second moment estimates) start at zero; the scalar {@code t} counts steps:
 * <pre>
 * t += 1
 * m = beta1 * m + (1 - beta1) * dw
 * v = beta2 * v + (1 - beta2) * dw^2
 * w -= lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 */
class Adam extends SlotOptimizer {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private long t;
    /** {@code 1 - beta1^t} and {@code 1 - beta2^t} of the current step. */
    private double correction1;
    private double correction2;

    Adam(OptimizerSpec spec, List<Parameter> params) {
        super(spec, params, "m", "v");
        this.beta1 = hyper(spec, "beta1", 0, 1);
        this.beta2 = hyper(spec, "beta2", 0, 1);
        this.eps = hyper(spec, "eps", Double.MIN_VALUE, Double.POSITIVE_INFINITY);
    }

    @Override
    protected void beginStep() {
        t++;
        correction1 = 1 - Math.pow(beta1, t);
        correction2 = 1 - Math.pow(beta2, t);
    }

    /**
     * The float32 rule in float arithmetic with the per-step constants folded ({@code lr / (1 - beta1^t)} and
     * {@code 1 / (1 - beta2^t)}): no double conversion, division by a constant or double sqrt per element, so
     * the JIT vectorizes the loop. Results differ from the double rule only by float rounding.
     */
    @Override
    protected void update(int p, float[] w, float[] dw, int n) {
        float[] m = slotF32(0, p);
        float[] v = slotF32(1, p);
        float b1 = (float) beta1;
        float a1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float a2 = (float) (1 - beta2);
        float step = (float) (lr / correction1);
        float inv2 = (float) (1 / correction2);
        float e = (float) eps;
        for (int i = 0; i < n; i++) {
            float g = dw[i];
            float mi = b1 * m[i] + a1 * g;
            float vi = b2 * v[i] + a2 * (g * g);
            m[i] = mi;
            v[i] = vi;
            w[i] -= step * mi / ((float) Math.sqrt(vi * inv2) + e);
        }
    }

    @Override
    protected void update(int p, double[] w, double[] dw, int n) {
        double[] m = slotF64(0, p);
        double[] v = slotF64(1, p);
        for (int i = 0; i < n; i++) {
            double g = dw[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            w[i] -= lr * (m[i] / correction1) / (Math.sqrt(v[i] / correction2) + eps);
        }
    }

    @Override
    protected Map<String, Double> scalars() {
        return Map.of("t", (double) t);
    }

    @Override
    protected void setScalars(Map<String, Double> scalars) {
        double value = scalars.get("t");
        Preconditions.checkArgument(value >= 0 && value == Math.rint(value), "adam step count t = %s", value);
        t = (long) value;
    }
}
