package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.simd.Simd;
import dev.nnc.graph.Node;
import java.util.Arrays;
import java.util.List;

/**
 * Batch normalization (Ioffe and Szegedy 2015) per feature of (N, D) input and per channel of (N, C, H, W)
 * input; in general dim 1 is the channel and the statistics run over the M = N·S values of a channel, S the
 * product of the dims after it. Parameters, in order: {@code gamma}, {@code beta} (trainable),
 * {@code running_mean}, {@code running_var} (state), each of shape (C).
 *
 * <pre>
 * TRAIN: μ = (1/M) Σ x,  σ² = (1/M) Σ (x - μ)²           (biased)
 *        running_mean = momentum·running_mean + (1 - momentum)·μ, likewise running_var with σ²
 * INFER: μ, σ² = running_mean, running_var
 *        x̂ = (x - μ) / √(σ² + eps),  y = γ x̂ + β
 * </pre>
 *
 * Backward after a TRAIN forward is the closed form (CS231n batchnorm_backward_alt), with sums over a
 * channel's M values: dβ = Σ dy, dγ = Σ dy·x̂, dx = γ/(M √(σ² + eps)) · (M dy - dβ - x̂ dγ). After an INFER
 * forward μ and σ² are constants and dx = γ dy / √(σ² + eps).
 *
 * <p>x̂ is not stored: backward recomputes it from the input and the per-channel μ and 1/√(σ² + eps) kept
 * from forward, so the only buffers are a few arrays of length C.
 *
 * <p>float32 runs on the raw arrays in row-major order: (N, D) input through the column loops of
 * {@link Simd} (sums in float over blocks of 16 rows, block totals in double), (N, C, H, W) input with sums
 * in double; forward normalizes in one pass and dx is one pass with per-channel constants. float64 takes
 * the plain per-element loops, the reference the gradient checks and the float32-against-float64 test hold
 * the fast path to.
 */
public final class BatchNorm implements Operator {

    private final double momentum;
    private final double eps;
    private final Tensor gamma;
    private final Tensor beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Parameter gammaParam;
    private final Parameter betaParam;
    private final int channels;
    /** μ and 1/√(σ² + eps) per channel of the last forward: batch statistics in TRAIN, running in INFER. */
    private final double[] mean;
    private final double[] invStd;
    private final double[] sumDy;
    private final double[] sumDyXhat;
    /** float32 scratch per channel: sums; μ in float; the coefficients of the normalization or of dx. */
    private final double[] acc;
    private final float[] muF;
    private final float[] dyF;
    private final float[] mulF;
    private final float[] addF;
    /** float32 (N, D) input: scratch for the per-feature partial sums of {@link Simd#columnSums}. */
    private final float[] partF;
    private final float[] part2F;
    private Mode lastMode = Mode.TRAIN;

    public BatchNorm(Node node, List<Parameter> params, ExecContext ctx) {
        Preconditions.checkArgument(params.size() == 4, "batchnorm has 4 parameters, got %s", params.size());
        this.momentum = node.args().getDouble("momentum");
        this.eps = node.args().getDouble("eps");
        this.gammaParam = params.get(0);
        this.betaParam = params.get(1);
        this.gamma = gammaParam.value();
        this.beta = betaParam.value();
        this.runningMean = params.get(2).value();
        this.runningVar = params.get(3).value();
        this.channels = gamma.size();
        for (Parameter p : params) {
            Preconditions.checkArgument(p.value().size() == channels, "batchnorm parameter %s has %s elements, "
                    + "expected %s", p.name(), p.value().size(), channels);
        }
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

    @Override
    public void forward(Tensor[] inputs, Tensor y, Mode mode) {
        Tensor x = Elementwise.only("batchnorm", inputs);
        Elementwise.checkSameSize("batchnorm", x, y);
        Preconditions.checkArgument(x.rank() >= 2 && x.dim(1) == channels,
                "batchnorm over %s channels got input %s", channels, x);
        int n = x.dim(0);
        int s = x.rowSize() / channels;
        lastMode = mode;
        if (x instanceof F32Tensor fx) {
            forwardF32(fx.data(), ((F32Tensor) y).data(), n, s, mode);
            return;
        }
        if (mode == Mode.TRAIN) {
            batchStatistics(x, n, s);
        } else {
            for (int c = 0; c < channels; c++) {
                mean[c] = runningMean.get(c);
                invStd[c] = 1.0 / Math.sqrt(runningVar.get(c) + eps);
            }
        }
        for (int c = 0; c < channels; c++) {
            double mu = mean[c];
            double scale = gamma.get(c) * invStd[c];
            double shift = beta.get(c);
            for (int i = 0; i < n; i++) {
                for (int k = 0, base = (i * channels + c) * s; k < s; k++) {
                    y.set(base + k, (x.get(base + k) - mu) * scale + shift);
                }
            }
        }
    }

    /** Two passes (mean, then centred squares) for accuracy; also updates the running statistics. */
    private void batchStatistics(Tensor x, int n, int s) {
        double m = (double) n * s;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0, base = (i * channels + c) * s; k < s; k++) {
                    sum += x.get(base + k);
                }
            }
            double mu = sum / m;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0, base = (i * channels + c) * s; k < s; k++) {
                    double d = x.get(base + k) - mu;
                    sq += d * d;
                }
            }
            double var = sq / m;
            mean[c] = mu;
            invStd[c] = 1.0 / Math.sqrt(var + eps);
            runningMean.set(c, momentum * runningMean.get(c) + (1 - momentum) * mu);
            runningVar.set(c, momentum * runningVar.get(c) + (1 - momentum) * var);
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        int s = x.rowSize() / channels;
        Tensor dx = dInputs[0];
        if (x instanceof F32Tensor fx) {
            backwardF32(fx.data(), ((F32Tensor) dOutput).data(), dx == null ? null : ((F32Tensor) dx).data(), n, s);
            return;
        }
        parameterGradients(x, dOutput, n, s);
        if (dx != null) {
            Elementwise.checkSameSize("batchnorm", x, dx);
            inputGradient(x, dOutput, dx, n, s);
        }
    }

    /** dβ = Σ dy and dγ = Σ dy·x̂ per channel, kept also for the input gradient. */
    private void parameterGradients(Tensor x, Tensor dOutput, int n, int s) {
        for (int c = 0; c < channels; c++) {
            double mu = mean[c];
            double is = invStd[c];
            double sDy = 0;
            double sDyXhat = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0, base = (i * channels + c) * s; k < s; k++) {
                    double g = dOutput.get(base + k);
                    sDy += g;
                    sDyXhat += g * (x.get(base + k) - mu) * is;
                }
            }
            sumDy[c] = sDy;
            sumDyXhat[c] = sDyXhat;
            betaParam.grad().set(c, sDy);
            gammaParam.grad().set(c, sDyXhat);
        }
    }

    /** dx = γ/√(σ² + eps) · (dy - mean(dy) - x̂ mean(dy·x̂)) in TRAIN; the means drop out in INFER. */
    private void inputGradient(Tensor x, Tensor dOutput, Tensor dx, int n, int s) {
        double m = (double) n * s;
        boolean train = lastMode == Mode.TRAIN;
        for (int c = 0; c < channels; c++) {
            double mu = mean[c];
            double is = invStd[c];
            double scale = gamma.get(c) * is;
            double meanDy = train ? sumDy[c] / m : 0.0;
            double meanDyXhat = train ? sumDyXhat[c] / m : 0.0;
            for (int i = 0; i < n; i++) {
                for (int k = 0, base = (i * channels + c) * s; k < s; k++) {
                    double xhat = (x.get(base + k) - mu) * is;
                    dx.set(base + k, scale * (dOutput.get(base + k) - meanDy - xhat * meanDyXhat));
                }
            }
        }
    }

    // ---------------------------------------------------------------- float32 on raw arrays

    private void forwardF32(float[] x, float[] y, int n, int s, Mode mode) {
        if (mode == Mode.TRAIN) {
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
    private void backwardF32(float[] x, float[] dy, float[] dx, int n, int s) {
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
        boolean train = lastMode == Mode.TRAIN;
        for (int c = 0; c < channels; c++) {
            sumDyXhat[c] = acc[c] * invStd[c];
            betaParam.grad().set(c, sumDy[c]);
            gammaParam.grad().set(c, sumDyXhat[c]);
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
