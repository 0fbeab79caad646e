package dev.nnc.ops.kernels;

import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.gemm.GemmPool;
import dev.nnc.tensor.simd.Simd;

/**
 * The float32 loops of the batchnorm operator, on the raw arrays in row-major order: ops/BatchNorm.java has
 * the formulas and the float64 reference these are tested against (BatchNormKernelTest, and the
 * float32-against-float64 test of BatchNormTest). (N, D) input goes through the column loops of {@link Simd}
 * (sums in float over blocks of 16 rows, block totals in double).
 *
 * <p>(N, C, S) input (S = H·W) is a channel's N contiguous runs of S values. Forward reads each run twice
 * while it is in L1: its sum, then its squared deviations around its own mean ({@link Simd#runSum},
 * {@link Simd#runSquaredDeviations}: vector float partials, totals in double), and merges the run's count,
 * mean and M2 into the channel's in double by Chan et al.'s pairwise update, so the variance never
 * subtracts two large sums and memory is read once for the statistics and once to normalize. Backward
 * likewise sums dy and dy·(x - μ) per run ({@link Simd#runGradientSums}), then writes dx in one pass. The
 * channels are split over the GEMM threads ({@link Gemm#forEach}) when the tensor is large: a channel's
 * values are computed in the same order whatever the split, so any thread count gives the same bits.
 */
public final class BatchNormKernel {

    /** Tensors smaller than this run on the caller: waking the GEMM threads costs more than it saves. */
    private static final int PARALLEL_MIN = 1 << 16;

    private final Gemm gemm;
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
    /** (N, C, S) input: scratch of the run sums per channel (a channel is one piece's, so one thread's). */
    private final float[][] runPart;
    // The (N, C, S) call in flight, read by the piece bodies (created once, so a step allocates nothing).
    private final GemmPool.Pieces forwardPiece = this::forwardPiece;
    private final GemmPool.Pieces backwardPiece = this::backwardPiece;
    private float[] curX;
    private float[] curY;
    private float[] curDy;
    private int curN;
    private int curS;
    private boolean curTrain;
    private int curPieces;

    /**
     * The parameters' values and gradients, each of shape (C); backward overwrites dγ and dβ. {@code gemm}
     * is the network's session, whose threads share the channels of large inputs.
     */
    public BatchNormKernel(Gemm gemm, double momentum, double eps, Tensor gamma, Tensor beta, Tensor runningMean,
                           Tensor runningVar, Tensor dGamma, Tensor dBeta) {
        this.gemm = gemm;
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
        this.runPart = new float[channels][4 * Simd.LANES];
    }

    /** y = γ x̂ + β with TRAIN batch statistics (updating the running ones) or, unless {@code train}, running. */
    public void forward(float[] x, float[] y, int n, int s, boolean train) {
        if (s > 1) {
            runPieces(x, y, null, n, s, train, forwardPiece);
            return;
        }
        if (train) {
            double m = n;
            Simd.columnSums(x, n, channels, null, mean, partF);
            for (int c = 0; c < channels; c++) {
                mean[c] /= m;
            }
            Simd.columnSums(x, n, channels, muF(), acc, partF);
            for (int c = 0; c < channels; c++) {
                updateStatistics(c, acc[c] / m);
            }
        } else {
            for (int c = 0; c < channels; c++) {
                runningStatistics(c);
            }
        }
        // y = (x - μ)·(γ/σ) + β with mulF = γ/σ and addF = β.
        float[] mu = muF();
        for (int c = 0; c < channels; c++) {
            normalizeCoefficients(c);
        }
        Simd.normalizeColumns(x, n, channels, mu, mulF, addF, y);
    }

    /** invStd from the batch variance; the running statistics move towards the batch's. */
    private void updateStatistics(int c, double var) {
        invStd[c] = 1.0 / Math.sqrt(var + eps);
        runningMean.set(c, momentum * runningMean.get(c) + (1 - momentum) * mean[c]);
        runningVar.set(c, momentum * runningVar.get(c) + (1 - momentum) * var);
    }

    private void runningStatistics(int c) {
        mean[c] = runningMean.get(c);
        invStd[c] = 1.0 / Math.sqrt(runningVar.get(c) + eps);
    }

    private void normalizeCoefficients(int c) {
        mulF[c] = (float) (gamma.get(c) * invStd[c]);
        addF[c] = (float) beta.get(c);
    }

    /** μ per channel rounded to float, into {@code muF}. */
    private float[] muF() {
        for (int c = 0; c < channels; c++) {
            muF[c] = (float) mean[c];
        }
        return muF;
    }

    /**
     * Runs {@code body} over channel groups of (N, C, S) input: one group on one thread, or four per GEMM
     * thread for large tensors (so the others take over a descheduled thread's share).
     */
    private void runPieces(float[] x, float[] a, float[] b, int n, int s, boolean train, GemmPool.Pieces body) {
        int threads = gemm.threads();
        curPieces = threads == 1 || (long) n * channels * s < PARALLEL_MIN ? 1 : Math.min(channels, 4 * threads);
        curX = x;
        curY = a;
        curDy = b;
        curN = n;
        curS = s;
        curTrain = train;
        try {
            gemm.forEach(curPieces, body);
        } finally {
            curX = null;
            curY = null;
            curDy = null;
        }
    }

    private int firstChannel(int piece) {
        return channels * piece / curPieces;
    }

    /** Statistics (TRAIN) and y for the channels of piece {@code piece}. */
    private void forwardPiece(int piece) {
        int c0 = firstChannel(piece);
        int c1 = firstChannel(piece + 1);
        float[] x = curX;
        float[] y = curY;
        int n = curN;
        int s = curS;
        if (curTrain) {
            // Chan, Golub and LeVeque's update: the channel's first i runs (count i·s, mean[c], M2 in acc[c])
            // absorb run i (count s, its mean and M2). A run's M2 is taken around its mean rounded to float
            // and corrected by s·(mean - centre)², exact algebra.
            for (int i = 0; i < n; i++) {
                double count = (double) i * s;
                double total = count + s;
                for (int c = c0; c < c1; c++) {
                    int base = (i * channels + c) * s;
                    double runMean = Simd.runSum(x, base, s, runPart[c]) / s;
                    float centre = (float) runMean;
                    double off = runMean - centre;
                    double runM2 = Math.max(0.0, Simd.runSquaredDeviations(x, base, s, centre, runPart[c])
                            - s * off * off);
                    double delta = runMean - (i == 0 ? 0.0 : mean[c]);
                    mean[c] = i == 0 ? runMean : mean[c] + delta * s / total;
                    acc[c] = i == 0 ? runM2 : acc[c] + runM2 + delta * delta * count * s / total;
                }
            }
            double m = (double) n * s;
            for (int c = c0; c < c1; c++) {
                updateStatistics(c, acc[c] / m);
            }
        } else {
            for (int c = c0; c < c1; c++) {
                runningStatistics(c);
            }
        }
        for (int c = c0; c < c1; c++) {
            muF[c] = (float) mean[c];
            normalizeCoefficients(c);
        }
        for (int i = 0; i < n; i++) {
            for (int c = c0; c < c1; c++) {
                int base = (i * channels + c) * s;
                float mc = muF[c];
                float k1 = mulF[c];
                float k2 = addF[c];
                for (int k = base, end = base + s; k < end; k++) {
                    y[k] = (x[k] - mc) * k1 + k2;
                }
            }
        }
    }

    /**
     * dβ = Σ dy, dγ = Σ dy·(x - μ)/σ, then dx = a·dy - b·(x - μ) - a·mean(dy) with a = γ/σ and
     * b = a·mean(dy·x̂)/σ (TRAIN) in one pass; in INFER b and the mean drop out.
     */
    public void backward(float[] x, float[] dy, float[] dx, int n, int s, boolean train) {
        if (s > 1) {
            runPieces(x, dx, dy, n, s, train, backwardPiece);
            return;
        }
        float[] mu = muF();
        Simd.columnGradientSums(dy, x, n, channels, mu, sumDy, acc, partF, part2F);
        double m = n;
        for (int c = 0; c < channels; c++) {
            gradientCoefficients(c, m, train);
        }
        if (dx != null) {
            Simd.combineColumns(dy, x, n, channels, dyF, mulF, mu, addF, dx);
        }
    }

    /** dβ, dγ and the coefficients of dx for channel c from its sums over the m values. */
    private void gradientCoefficients(int c, double m, boolean train) {
        sumDyXhat[c] = acc[c] * invStd[c];
        dBeta.set(c, sumDy[c]);
        dGamma.set(c, sumDyXhat[c]);
        double a = gamma.get(c) * invStd[c];
        dyF[c] = (float) a;
        mulF[c] = train ? (float) (a * invStd[c] * sumDyXhat[c] / m) : 0f;
        addF[c] = train ? (float) (a * sumDy[c] / m) : 0f;
    }

    /** Parameter gradients and dx (unless null) for the channels of piece {@code piece}. */
    private void backwardPiece(int piece) {
        int c0 = firstChannel(piece);
        int c1 = firstChannel(piece + 1);
        float[] x = curX;
        float[] dx = curY;
        float[] dy = curDy;
        int n = curN;
        int s = curS;
        for (int c = c0; c < c1; c++) {
            muF[c] = (float) mean[c];
            sumDy[c] = 0.0;
            acc[c] = 0.0;
        }
        for (int i = 0; i < n; i++) {
            for (int c = c0; c < c1; c++) {
                Simd.runGradientSums(dy, x, (i * channels + c) * s, s, muF[c], sumDy, acc, c, runPart[c]);
            }
        }
        double m = (double) n * s;
        for (int c = c0; c < c1; c++) {
            gradientCoefficients(c, m, curTrain);
        }
        if (dx == null) {
            return;
        }
        for (int i = 0; i < n; i++) {
            for (int c = c0; c < c1; c++) {
                int base = (i * channels + c) * s;
                float a = dyF[c];
                float b = mulF[c];
                float d = addF[c];
                float mc = muF[c];
                for (int k = base, end = base + s; k < end; k++) {
                    dx[k] = a * dy[k] - b * (x[k] - mc) - d;
                }
            }
        }
    }
}
