package dev.nnc.ops.kernels;

import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.simd.Simd;
import java.util.Arrays;

/**
 * The float32 loops of the batchnorm operator, on the raw arrays in row-major order: ops/BatchNorm.java has
 * the formulas and the float64 reference these are tested against (BatchNormKernelTest, and the
 * float32-against-float64 test of BatchNormTest). (N, D) input goes through the column loops of {@link Simd}
 * (sums in float over blocks of 16 rows, block totals in double), (N, C, H, W) input with sums in double;
 * forward normalizes in one pass and dx is one pass with per-channel constants.
 */
public final class BatchNormKernel {

    private final int channels;
    private final double momentum;
    private final double eps;
    private final Tensor gamma;
    private final Tensor beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor dGamma;
    private final Tensor dBeta;
    /** μ and 1/√(σ² + eps) per channel of the last forward: batch statistics in TRAIN, running in INFER. */
    private final double[] mean;
    private final double[] invStd;
    private final double[] sumDy;
    private final double[] sumDyXhat;
    /** Scratch per channel: sums; μ in float; the coefficients of the normalization or of dx. */
    private final double[] acc;
    private final float[] muF;
    private final float[] dyF;
    private final float[] mulF;
    private final float[] addF;
    /** (N, D) input: scratch for the per-feature partial sums of {@link Simd#columnSums}. */
    private final float[] partF;
    private final float[] part2F;

    /** The parameters' values and gradients, each of shape (C); backward overwrites dγ and dβ. */
    public BatchNormKernel(double momentum, double eps, Tensor gamma, Tensor beta, Tensor runningMean,
                           Tensor runningVar, Tensor dGamma, Tensor dBeta) {
        this.channels = gamma.size();
        this.momentum = momentum;
        this.eps = eps;
        this.gamma = gamma;
        this.beta = beta;
        this.runningMean = runningMean;
        this.runningVar = runningVar;
        this.dGamma = dGamma;
        this.dBeta = dBeta;
        this.mean = new double[channels];
        this.invStd = new double[channels];
        this.sumDy = new double[channels];
        this.sumDyXhat = new double[channels];
        this.acc = new double[channels];
        this.muF = new float[channels];
        this.dyF = new float[channels];
        this.mulF = new float[channels];
        this.addF = new float[channels];
        this.partF = new float[channels];
        this.part2F = new float[channels];
    }

    /** y = γ x̂ + β with TRAIN batch statistics (updating the running ones) or, unless {@code train}, running. */
    public void forward(float[] x, float[] y, int n, int s, boolean train) {
        if (train) {
            double m = (double) n * s;
            channelSums(x, n, s, false, mean);
            for (int c = 0; c < channels; c++) {
                mean[c] /= m;
            }
            channelSums(x, n, s, true, acc);
            for (int c = 0; c < channels; c++) {
                double var = acc[c] / m;
                invStd[c] = 1.0 / Math.sqrt(var + eps);
                runningMean.set(c, momentum * runningMean.get(c) + (1 - momentum) * mean[c]);
                runningVar.set(c, momentum * runningVar.get(c) + (1 - momentum) * var);
            }
        } else {
            for (int c = 0; c < channels; c++) {
                mean[c] = runningMean.get(c);
                invStd[c] = 1.0 / Math.sqrt(runningVar.get(c) + eps);
            }
        }
        // y = (x - μ)·(γ/σ) + β with mulF = γ/σ and addF = β.
        float[] mu = muF();
        for (int c = 0; c < channels; c++) {
            mulF[c] = (float) (gamma.get(c) * invStd[c]);
            addF[c] = (float) beta.get(c);
        }
        if (s == 1) {
            Simd.normalizeColumns(x, n, channels, mu, mulF, addF, y);
            return;
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int base = (i * channels + c) * s;
                float mc = mu[c];
                float k1 = mulF[c];
                float k2 = addF[c];
                for (int k = 0; k < s; k++) {
                    y[base + k] = (x[base + k] - mc) * k1 + k2;
                }
            }
        }
    }

    /** μ per channel rounded to float, into {@code muF}. */
    private float[] muF() {
        for (int c = 0; c < channels; c++) {
            muF[c] = (float) mean[c];
        }
        return muF;
    }

    /**
     * out[c] = Σ x over channel c, or, with {@code deviations}, Σ (x - μ_c)² around the mean already in
     * {@code mean} (as float in {@code muF} for (N, D) input); totals in double.
     */
    private void channelSums(float[] x, int n, int s, boolean deviations, double[] out) {
        if (s == 1) {
            Simd.columnSums(x, n, channels, deviations ? muF() : null, out, partF);
            return;
        }
        Arrays.fill(out, 0.0);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int base = (i * channels + c) * s;
                double sum = 0;
                if (!deviations) {
                    for (int k = 0; k < s; k++) {
                        sum += x[base + k];
                    }
                } else {
                    double mc = mean[c];
                    for (int k = 0; k < s; k++) {
                        double d = x[base + k] - mc;
                        sum += d * d;
                    }
                }
                out[c] += sum;
            }
        }
    }

    /**
     * dβ = Σ dy, dγ = Σ dy·(x - μ)/σ, then dx = a·dy - b·(x - μ) - a·mean(dy) with a = γ/σ and
     * b = a·mean(dy·x̂)/σ (TRAIN) in one pass; in INFER b and the mean drop out.
     */
    public void backward(float[] x, float[] dy, float[] dx, int n, int s, boolean train) {
        float[] mu = muF();
        if (s == 1) {
            Simd.columnGradientSums(dy, x, n, channels, mu, sumDy, acc, partF, part2F);
        } else {
            Arrays.fill(sumDy, 0.0);
            Arrays.fill(acc, 0.0);
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    int base = (i * channels + c) * s;
                    float mc = mu[c];
                    double sg = 0;
                    double sgx = 0;
                    for (int k = 0; k < s; k++) {
                        float g = dy[base + k];
                        sg += g;
                        sgx += g * (x[base + k] - mc);
                    }
                    sumDy[c] += sg;
                    acc[c] += sgx;
                }
            }
        }
        double m = (double) n * s;
        for (int c = 0; c < channels; c++) {
            sumDyXhat[c] = acc[c] * invStd[c];
            dBeta.set(c, sumDy[c]);
            dGamma.set(c, sumDyXhat[c]);
            double a = gamma.get(c) * invStd[c];
            dyF[c] = (float) a;
            mulF[c] = train ? (float) (a * invStd[c] * sumDyXhat[c] / m) : 0f;
            addF[c] = train ? (float) (a * sumDy[c] / m) : 0f;
        }
        if (dx == null) {
            return;
        }
        if (s == 1) {
            Simd.combineColumns(dy, x, n, channels, dyF, mulF, mu, addF, dx);
            return;
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                int base = (i * channels + c) * s;
                float a = dyF[c];
                float b = mulF[c];
                float d = addF[c];
                float mc = mu[c];
                for (int k = 0; k < s; k++) {
                    dx[base + k] = a * dy[base + k] - b * (x[base + k] - mc) - d;
                }
            }
        }
    }
}
