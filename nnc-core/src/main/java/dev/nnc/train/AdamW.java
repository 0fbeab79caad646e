package dev.nnc.train;

import dev.nnc.graph.OptimizerSpec;
import dev.nnc.ops.Parameter;
import java.util.List;

/**
 * AdamW (Loshchilov and Hutter 2019), {@code adamw(lr, beta1, beta2, eps, weightDecay)}: Adam with the weight
 * decay taken out of the gradient. Each step first shrinks every weight by {@code lr · weightDecay} of itself, then
 * takes Adam's step (PyTorch's order), so the decay is not divided by Adam's {@code sqrt(v)} as an L2 gradient
 * would be:
 * <pre>
 * w *= 1 - lr * weightDecay          (weights only: affine and conv W)
 * w -= lr * m̂ / (sqrt(v̂) + eps)      (Adam, every trainable parameter)
 * </pre>
 * Like {@code l2}, the decay applies to the WEIGHT role only: biases, batchnorm and layernorm γ/β are never
 * decayed. {@code lr} is the scheduled rate of the step.
 */
final class AdamW extends Adam {

    private final double weightDecay;

    AdamW(OptimizerSpec spec, List<Parameter> params) {
        super(spec, params);
        this.weightDecay = hyper(spec, "weightDecay", 0, Double.POSITIVE_INFINITY);
    }

    @Override
    protected void update(int p, float[] w, float[] dw, int n) {
        if (isWeight(p) && weightDecay != 0) {
            float keep = (float) (1 - lr * weightDecay);
            for (int i = 0; i < n; i++) {
                w[i] *= keep;
            }
        }
        super.update(p, w, dw, n);
    }

    @Override
    protected void update(int p, double[] w, double[] dw, int n) {
        if (isWeight(p) && weightDecay != 0) {
            double keep = 1 - lr * weightDecay;
            for (int i = 0; i < n; i++) {
                w[i] *= keep;
            }
        }
        super.update(p, w, dw, n);
    }
}
