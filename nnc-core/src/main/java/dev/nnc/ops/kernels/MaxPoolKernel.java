package dev.nnc.ops.kernels;

import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.gemm.GemmPool;
import java.util.Arrays;

/**
 * The loops of the maxpool operator: ops/MaxPool.java has the formulas and the float64 reference these are
 * tested against (MaxPoolKernelTest). x (N, C, H, W) → (N, C, OH, OW), {@code size}×{@code size} windows.
 *
 * The gradient goes to the FIRST maximum of each window in row-major order (ties are not split). A NaN in a
 * window propagates, so divergence is not hidden, and its gradient goes to the window's first NaN.
 *
 * <p>Forward is only {@code Math.max} (no branch: the maximum's position in a window is random, and a
 * branch on it mispredicts often), first down the columns of a row of windows (contiguous, so the JIT
 * vectorizes it), then across each window's columns; backward finds each window's first maximum again by
 * comparing with the output, walking the window backwards with a conditional select, so no argmax is
 * stored. The exception is the common float32 case of 2 x 2 windows with stride 2 that tile the input:
 * there a TRAIN forward records each window's choice in a byte and backward only writes, which cuts the
 * pair's time on SimpleConvNet by about 35-40%; a backward after any other forward takes the general loops.
 * The loops run on the raw arrays of each precision, over pieces of planes on the GEMM threads
 * ({@link Gemm#forEach}).
 */
public final class MaxPoolKernel {

    /** Inputs smaller than this run on the caller: waking the GEMM threads costs more than it saves. */
    private static final int PARALLEL_MIN = 1 << 16;

    /** The network's GEMM session: its kernel, threads and pool. */
    private final Gemm gemm;
    private final int size;
    private final int stride;
    /** Forward scratch per piece: the maximum down each column of one row of windows. */
    private float[][] rowMaxF = new float[0][];
    private double[][] rowMaxD = new double[0][];
    /**
     * float32 2 x 2 windows: which of its four inputs each output took (0..3, row-major), recorded by
     * forward for backward, which then reads neither the input nor the output; grows with the batch.
     */
    private byte[] argmax = new byte[0];
    /** Whether the last forward filled {@link #argmax}: float32, 2 x 2 tiling, TRAIN (inference skips it). */
    private boolean recorded;
    // The call in flight, read by the piece bodies (created once, so a step allocates nothing).
    private final GemmPool.Pieces forwardPiece = this::forwardPiece;
    private final GemmPool.Pieces backwardPiece = this::backwardPiece;
    private Tensor curX;
    private Tensor curY;
    private Tensor curDy;
    private Tensor curDx;
    private int curPieces;

    public MaxPoolKernel(Gemm gemm, int size, int stride) {
        this.gemm = gemm;
        this.size = size;
        this.stride = stride;
    }

    /** output = the windows' maxima of x; {@code train} records the 2 x 2 choices for backward. */
    public void forward(Tensor x, Tensor output, boolean train) {
        curPieces = pieces(x);
        if (rowMaxF.length < curPieces) {
            rowMaxF = Arrays.copyOf(rowMaxF, curPieces);
            rowMaxD = Arrays.copyOf(rowMaxD, curPieces);
        }
        recorded = train && x instanceof F32Tensor
                && tiles2x2(size, stride, x.dim(2), x.dim(3), output.dim(2), output.dim(3));
        if (recorded && argmax.length < output.size()) {
            argmax = new byte[output.size()];
        }
        curX = x;
        curY = output;
        try {
            gemm.forEach(curPieces, forwardPiece);
        } finally {
            curX = null;
            curY = null;
        }
    }

    /**
     * Pieces of whole (example, channel) planes for the GEMM threads when the tensor is big enough to pay
     * for waking them, four per thread so the others take over a descheduled thread's share; each piece
     * writes only its own planes, so the split does not change the result.
     */
    private int pieces(Tensor x) {
        int planes = x.dim(0) * x.dim(1);
        int threads = gemm.threads();
        return x.size() < PARALLEL_MIN || threads == 1 ? 1 : Math.max(1, Math.min(4 * threads, planes));
    }

    private void forwardPiece(int piece) {
        Tensor x = curX;
        Tensor output = curY;
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = output.dim(2), ow = output.dim(3), k = size, s = stride;
        int from = planes * piece / curPieces;
        int to = planes * (piece + 1) / curPieces;
        if (x instanceof F32Tensor fx && tiles2x2(k, s, h, w, oh, ow)) {
            forward2x2(fx.data(), ((F32Tensor) output).data(), recorded ? argmax : null, from, to, w, oh, ow);
            return;
        }
        int span = (ow - 1) * s + k; // input columns the windows of a row cover
        if (x instanceof F32Tensor fx) {
            float[] a = fx.data();
            float[] y = ((F32Tensor) output).data();
            if (rowMaxF[piece] == null || rowMaxF[piece].length < span) {
                rowMaxF[piece] = new float[span];
            }
            float[] t = rowMaxF[piece];
            for (int plane = from, o = from * oh * ow; plane < to; plane++) {
                for (int i = 0; i < oh; i++, o += ow) {
                    int r = (plane * h + i * s) * w;
                    System.arraycopy(a, r, t, 0, span);
                    for (int di = 1; di < k; di++) {
                        for (int c = 0, row = r + di * w; c < span; c++) {
                            t[c] = Math.max(t[c], a[row + c]);
                        }
                    }
                    for (int j = 0; j < ow; j++) {
                        float m = t[j * s];
                        for (int dj = 1; dj < k; dj++) {
                            m = Math.max(m, t[j * s + dj]);
                        }
                        y[o + j] = m;
                    }
                }
            }
        } else {
            double[] a = ((F64Tensor) x).data();
            double[] y = ((F64Tensor) output).data();
            if (rowMaxD[piece] == null || rowMaxD[piece].length < span) {
                rowMaxD[piece] = new double[span];
            }
            double[] t = rowMaxD[piece];
            for (int plane = from, o = from * oh * ow; plane < to; plane++) {
                for (int i = 0; i < oh; i++, o += ow) {
                    int r = (plane * h + i * s) * w;
                    System.arraycopy(a, r, t, 0, span);
                    for (int di = 1; di < k; di++) {
                        for (int c = 0, row = r + di * w; c < span; c++) {
                            t[c] = Math.max(t[c], a[row + c]);
                        }
                    }
                    for (int j = 0; j < ow; j++) {
                        double m = t[j * s];
                        for (int dj = 1; dj < k; dj++) {
                            m = Math.max(m, t[j * s + dj]);
                        }
                        y[o + j] = m;
                    }
                }
            }
        }
    }

    /** dx (overwritten) from dout, for the x and output of the forward before. */
    public void backward(Tensor x, Tensor output, Tensor dOutput, Tensor dx) {
        curPieces = pieces(x);
        curX = x;
        curY = output;
        curDy = dOutput;
        curDx = dx;
        try {
            gemm.forEach(curPieces, backwardPiece);
        } finally {
            curX = null;
            curY = null;
            curDy = null;
            curDx = null;
        }
    }

    private void backwardPiece(int piece) {
        Tensor x = curX;
        Tensor output = curY;
        Tensor dOutput = curDy;
        Tensor dx = curDx;
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = output.dim(2), ow = output.dim(3), k = size, s = stride;
        int from = planes * piece / curPieces;
        int to = planes * (piece + 1) / curPieces;
        if (x instanceof F32Tensor && recorded) {
            backward2x2(argmax, ((F32Tensor) dOutput).data(), ((F32Tensor) dx).data(), from, to, w, oh, ow);
        } else if (x instanceof F32Tensor fx) {
            float[] a = fx.data();
            float[] y = ((F32Tensor) output).data();
            float[] dy = ((F32Tensor) dOutput).data();
            float[] d = ((F32Tensor) dx).data();
            Arrays.fill(d, from * h * w, to * h * w, 0f);
            for (int plane = from, o = from * oh * ow; plane < to; plane++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        int r = (plane * h + i * s) * w + j * s;
                        float m = y[o];
                        int best = r;
                        for (int di = k - 1; di >= 0; di--) {
                            for (int dj = k - 1, row = r + di * w; dj >= 0; dj--) {
                                float v = a[row + dj];
                                best = v == m | v != v ? row + dj : best;
                            }
                        }
                        d[best] += dy[o];
                    }
                }
            }
        } else {
            double[] a = ((F64Tensor) x).data();
            double[] y = ((F64Tensor) output).data();
            double[] dy = ((F64Tensor) dOutput).data();
            double[] d = ((F64Tensor) dx).data();
            Arrays.fill(d, from * h * w, to * h * w, 0.0);
            for (int plane = from, o = from * oh * ow; plane < to; plane++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++, o++) {
                        int r = (plane * h + i * s) * w + j * s;
                        double m = y[o];
                        int best = r;
                        for (int di = k - 1; di >= 0; di--) {
                            for (int dj = k - 1, row = r + di * w; dj >= 0; dj--) {
                                double v = a[row + dj];
                                best = v == m | v != v ? row + dj : best;
                            }
                        }
                        d[best] += dy[o];
                    }
                }
            }
        }
    }

    /** 2 x 2 windows, stride 2, covering the input exactly: the common case, with its own float32 loops. */
    private static boolean tiles2x2(int k, int s, int h, int w, int oh, int ow) {
        return k == 2 && s == 2 && h == 2 * oh && w == 2 * ow;
    }

    /**
     * {@link #forwardPiece} for {@link #tiles2x2}: each output is the max of its four inputs, read once, and
     * {@code arg} (unless null) records the first of them that equals it (or is NaN), as the general
     * backward would find. Without a NaN that is the winner of the two pairs' winners, ties to the earlier:
     * three comparisons, each a separate select so that C2 emits conditional moves (the window's choice is
     * a coin flip the branch predictor cannot learn; nested conditionals became branches and ran 2.4x
     * slower). A NaN maximum, rare, looks for the first NaN.
     */
    private static void forward2x2(float[] a, float[] y, byte[] arg, int from, int to, int w, int oh, int ow) {
        for (int plane = from, o = from * oh * ow; plane < to; plane++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0, r = (plane * oh + i) * 2 * w; j < ow; j++, o++, r += 2) {
                    float a0 = a[r];
                    float a1 = a[r + 1];
                    float a2 = a[r + w];
                    float a3 = a[r + w + 1];
                    float m01 = Math.max(a0, a1);
                    float m23 = Math.max(a2, a3);
                    float m = Math.max(m01, m23);
                    y[o] = m;
                    if (arg == null) {
                        continue;
                    }
                    int q01 = a1 > a0 ? 1 : 0;
                    int q23 = a3 > a2 ? 3 : 2;
                    int q = m23 > m01 ? q23 : q01;
                    if (m != m) {
                        q = a2 != a2 ? 2 : 3;
                        q = a1 != a1 ? 1 : q;
                        q = a0 != a0 ? 0 : q;
                    }
                    arg[o] = (byte) q;
                }
            }
        }
    }

    /**
     * {@link #backwardPiece} for {@link #tiles2x2}: every input belongs to exactly one window, so each is
     * written once (the recorded input gets dy, the other three 0) and nothing needs zeroing first.
     */
    private static void backward2x2(byte[] arg, float[] dy, float[] d, int from, int to, int w, int oh, int ow) {
        for (int plane = from, o = from * oh * ow; plane < to; plane++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0, r = (plane * oh + i) * 2 * w; j < ow; j++, o++, r += 2) {
                    int q = arg[o];
                    d[r] = 0f;
                    d[r + 1] = 0f;
                    d[r + w] = 0f;
                    d[r + w + 1] = 0f;
                    d[r + (q & 1) + (q >> 1) * w] = dy[o];
                }
            }
        }
    }
}
