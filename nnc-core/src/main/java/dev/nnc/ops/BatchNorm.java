package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import dev.nnc.ops.kernels.BatchNormKernel;
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
 * <p>float64 runs the plain per-element loops below, the reference the gradient checks hold to; float32
 * runs {@link BatchNormKernel} on the raw arrays, which BatchNormKernelTest and the float32-against-float64
 * test hold to this reference.
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
    private final BatchNormKernel f32;
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
        this.f32 = new BatchNormKernel(ctx.gemm(), momentum, eps, gamma, beta, runningMean, runningVar,
                gammaParam.grad(), betaParam.grad());
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
            f32.forward(fx.data(), ((F32Tensor) y).data(), n, s, mode == Mode.TRAIN);
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
            f32.backward(fx.data(), ((F32Tensor) dOutput).data(), dx == null ? null : ((F32Tensor) dx).data(), n, s,
                    lastMode == Mode.TRAIN);
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
}
