package dev.nnc.ops.kernels;

import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;

/**
 * The mask and multiply loops of the dropout operator: ops/Dropout.java has the formulas and the float64
 * reference these are tested against (DropoutKernelTest).
 *
 * <p>Each {@code nextLong} gives two units a 32-bit uniform each (high half first): unit i is kept when
 * {@code u_i ≥ ⌈p·2³²⌉}, i.e. u_i/2³² ≥ p exactly, which halves the generator work and keeps 1 - p to
 * within 2⁻³². The mask is kept for backward as the multipliers {@code m_i/(1 - p)} in the tensor's
 * precision, in a buffer that grows only with the batch, so both passes are one vectorizable multiply.
 */
public final class DropoutKernel {

    private final double scale;
    private final Rng rng;
    /** The smallest kept 32-bit uniform, ⌈p·2³²⌉. */
    private final long threshold;
    private float[] maskF = new float[0];
    private double[] maskD = new double[0];

    /** Drops with probability p in [0, 1), drawing from the network's generator. */
    public DropoutKernel(double p, Rng rng) {
        this.scale = 1.0 / (1.0 - p);
        this.threshold = (long) Math.ceil(p * 0x1.0p32);
        this.rng = rng;
    }

    /** Draws a new mask and sets output = x ⊙ m / (1 - p). */
    public void forward(Tensor x, Tensor output) {
        int n = x.size();
        if (x instanceof F32Tensor fx) {
            if (maskF.length < n) {
                maskF = new float[n];
            }
            float[] m = maskF;
            int kept = Float.floatToRawIntBits((float) scale);
            int pairs = n / 2;
            // Branch-free: a kept unit is a coin flip the branch predictor cannot learn (p = 0.5 cost ~2x).
            for (int i = 0; i < 2 * pairs; i += 2) {
                long r = rng.nextLong();
                m[i] = Float.intBitsToFloat(kept & (int) keepMask(r >>> 32));
                m[i + 1] = Float.intBitsToFloat(kept & (int) keepMask(r & 0xFFFF_FFFFL));
            }
            if (n % 2 == 1) {
                m[n - 1] = Float.intBitsToFloat(kept & (int) keepMask(rng.nextLong() >>> 32));
            }
            multiply(fx.data(), m, ((F32Tensor) output).data(), n);
        } else {
            if (maskD.length < n) {
                maskD = new double[n];
            }
            double[] m = maskD;
            long kept = Double.doubleToRawLongBits(scale);
            int pairs = n / 2;
            for (int i = 0; i < 2 * pairs; i += 2) {
                long r = rng.nextLong();
                m[i] = Double.longBitsToDouble(kept & keepMask(r >>> 32));
                m[i + 1] = Double.longBitsToDouble(kept & keepMask(r & 0xFFFF_FFFFL));
            }
            if (n % 2 == 1) {
                m[n - 1] = Double.longBitsToDouble(kept & keepMask(rng.nextLong() >>> 32));
            }
            multiply(((F64Tensor) x).data(), m, ((F64Tensor) output).data(), n);
        }
    }

    /** dx = dy ⊙ m / (1 - p) with the mask of the last forward. */
    public void backward(Tensor dOutput, Tensor dx) {
        if (dx instanceof F32Tensor fd) {
            multiply(((F32Tensor) dOutput).data(), maskF, fd.data(), dx.size());
        } else {
            multiply(((F64Tensor) dOutput).data(), maskD, ((F64Tensor) dx).data(), dx.size());
        }
    }

    /** All ones when the 32-bit uniform {@code u} keeps its unit ({@code u ≥ threshold}), else 0. */
    private long keepMask(long u) {
        return (threshold - 1 - u) >> 63;
    }

    private static void multiply(float[] a, float[] m, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = a[i] * m[i];
        }
    }

    private static void multiply(double[] a, double[] m, double[] out, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = a[i] * m[i];
        }
    }
}
