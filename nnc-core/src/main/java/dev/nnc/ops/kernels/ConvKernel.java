package dev.nnc.ops.kernels;

import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.gemm.GemmPool;
import dev.nnc.tensor.simd.ConvShape;
import dev.nnc.tensor.simd.Simd;
import java.util.Arrays;

/**
 * The fast paths of the conv operator: ops/Conv.java has the formulas and the float64 reference these are
 * tested against (ConvKernelTest). x (N, C, H, W), W (F, C, K, K), b (F), out (N, F, OH, OW).
 *
 * <p>In float32, for stride 1, few taps per filter (an input layer's 1-3 channels, up to
 * {@link #MAX_DIRECT_TAPS}) and output rows of whole 8-float vectors, out and dW come from the direct loops of
 * {@link Simd#convolve} and {@link Simd#convolveWeightLanes} (a padded input is first copied inside a zero
 * border). Otherwise, and always for dx, they are computed per example through {@link Im2Col}: with
 * cols_n = im2col(x_n) (C·K·K, OH·OW) and W viewed as (F, C·K·K),
 *
 * <pre>
 *   out_n = W · cols_n + b·1ᵀ
 *   dW    = Σ_n dout_n · cols_nᵀ
 *   db[f] = Σ_{n, i, j} dout[n, f, i, j]
 *   dx_n  = col2im(Wᵀ · dout_n)        skipped when the input's gradient is not needed
 * </pre>
 *
 * The examples are cut into a fixed number of contiguous pieces (four per GEMM thread, see
 * {@link Gemm#forEach}) that run concurrently: each product is too small to split well, but examples are
 * independent. Each piece keeps one example's column matrix, not the batch's: backward recomputes cols_n,
 * which costs about 1/F of the multiply it feeds and saves N times the memory (a batch of 100 28×28 images
 * through a 3×3 conv over 32 channels would otherwise hold 90 MB of float columns). A piece sums its own
 * examples' dW and db; the pieces' sums are then added in piece order, so for a given thread count the
 * result does not depend on scheduling.
 */
public final class ConvKernel {

    /**
     * Taps per filter (C·K·K) up to which the direct loops are used: measured faster than im2col and GEMM
     * at 25 (1x5x5), 27 (3x3x3) and 75 (3x5x5) taps, where the GEMM's inner dimension is too short to pay
     * for packing; see docs/performance.md.
     */
    public static final int MAX_DIRECT_TAPS = 75;

    /** The network's GEMM session: its kernel, threads and pool. */
    private final Gemm gemm;
    private final String name;
    private final int filters;
    private final int size;
    private final int stride;
    private final int pad;
    private Im2Col.Geometry geometry; // of the last input seen; rebuilt only if the example shape changes
    private ConvShape direct; // the direct loops' shape for that geometry, or null when im2col serves better
    // Per piece, reused across steps: one example's im2col, Wᵀ·dout_n, the piece's dW and db sums.
    private Tensor[] cols = new Tensor[0];
    // Per piece, the geometry whose column matrix cols[piece] last held: its padding entries are still zero.
    private Im2Col.Geometry[] colsHeld = new Im2Col.Geometry[0];
    private Tensor[] dcols = new Tensor[0];
    private Tensor[] dwPart = new Tensor[0];
    private double[][] dbPart = new double[0][];
    // Per piece, for the direct loops: the zero-padded example, and dW as LANES partial sums per weight.
    private float[][] padded = new float[0][];
    private float[][] dwLanes = new float[0][];
    // The call in flight, read by the piece bodies (created once, so a step allocates nothing).
    private final GemmPool.Pieces forwardPiece = this::forwardPiece;
    private final GemmPool.Pieces backwardPiece = this::backwardPiece;
    private Tensor curX;
    private Tensor curW;
    private Tensor curB;
    private Tensor curDw;
    private Tensor curOut;
    private Tensor curDOut;
    private Tensor curDx;
    private int curPieces;

    /** A convolution of {@code filters} K×K filters; {@code name} (the layer's) prefixes its errors. */
    public ConvKernel(Gemm gemm, String name, int filters, int size, int stride, int pad) {
        this.gemm = gemm;
        this.name = name;
        this.filters = filters;
        this.size = size;
        this.stride = stride;
        this.pad = pad;
    }

    /** out = conv(x, W) + b. */
    public void forward(Tensor x, Tensor w, Tensor b, Tensor output) {
        curW = w;
        Im2Col.Geometry g = geometry(x, output);
        preparePieces(x, g, false);
        curX = x;
        curB = b;
        curOut = output;
        try {
            gemm.forEach(curPieces, forwardPiece);
        } finally {
            curX = null;
            curW = null;
            curB = null;
            curOut = null;
        }
    }

    private void forwardPiece(int piece) {
        Im2Col.Geometry g = geometry;
        Tensor x = curX;
        Tensor output = curOut;
        int n = x.dim(0), ckk = g.rows(), p = g.columns(), outRow = filters * p;
        Tensor bv = curB;
        if (direct != null) {
            float[] xs = ((F32Tensor) x).data();
            float[] ws = ((F32Tensor) curW).data();
            float[] bs = ((F32Tensor) bv).data();
            float[] ys = ((F32Tensor) output).data();
            for (int i = first(piece, n); i < first(piece + 1, n); i++) {
                Simd.convolve(directInput(xs, i, piece), directOffset(i), direct, ws, bs, ys, i * outRow);
            }
            return;
        }
        Tensor c = cols[piece];
        for (int i = first(piece, n); i < first(piece + 1, n); i++) {
            lower(x, i, g, piece);
            int o = i * outRow;
            if (output instanceof F32Tensor fo) {
                float[] y = fo.data();
                for (int f = 0; f < filters; f++) {
                    Arrays.fill(y, o + f * p, o + (f + 1) * p, (float) bv.get(f));
                }
            } else {
                for (int f = 0; f < filters; f++) {
                    double bias = bv.get(f);
                    for (int q = 0; q < p; q++) {
                        output.set(o + f * p + q, bias);
                    }
                }
            }
            gemm.gemm(false, false, filters, p, ckk, 1.0, curW, 0, ckk, c, 0, p, 1.0, output, o, p);
        }
    }

    /**
     * dW and db (overwritten) and, unless {@code dx} is null, dx (overwritten) from dout, for the x and W of
     * the forward before.
     */
    public void backward(Tensor x, Tensor w, Tensor output, Tensor dOutput, Tensor dx, Tensor dw, Tensor db) {
        curW = w;
        Im2Col.Geometry g = geometry(x, output);
        preparePieces(x, g, dx != null);
        curX = x;
        curDOut = dOutput;
        curDx = dx;
        curDw = dw;
        try {
            gemm.forEach(curPieces, backwardPiece);
        } finally {
            curX = null;
            curW = null;
            curDOut = null;
            curDx = null;
            curDw = null;
        }
        for (int f = 0; f < filters; f++) {
            double s = 0;
            for (int piece = 0; piece < curPieces; piece++) {
                s += dbPart[piece][f];
            }
            db.set(f, s);
        }
        if (direct != null) {
            sumLanes(dw);
        } else if (curPieces > 1) { // with one piece, piece 0 summed straight into dW
            for (int e = 0, size = dw.size(); e < size; e++) {
                double s = dwPart[0].get(e);
                for (int piece = 1; piece < curPieces; piece++) {
                    s += dwPart[piece].get(e);
                }
                dw.set(e, s);
            }
        }
    }

    private void backwardPiece(int piece) {
        Im2Col.Geometry g = geometry;
        Tensor x = curX;
        Tensor dOutput = curDOut;
        Tensor dx = curDx;
        int n = x.dim(0), ckk = g.rows(), p = g.columns(), outRow = filters * p;
        Tensor c = cols[piece];
        Tensor dw = curPieces == 1 ? curDw : dwPart[piece];
        double[] db = dbPart[piece];
        Arrays.fill(db, 0.0);
        int lo = first(piece, n);
        int hi = first(piece + 1, n);
        if (direct != null) {
            Arrays.fill(dwLanes[piece], 0f);
        } else if (lo == hi) {
            dw.fill(0.0);
        }
        for (int i = lo; i < hi; i++) {
            int o = i * outRow;
            for (int f = 0; f < filters; f++) {
                db[f] += dOutput instanceof F32Tensor fd ? sum(fd.data(), o + f * p, p) : sum(dOutput, o + f * p, p);
            }
            if (direct != null) {
                float[] xs = directInput(((F32Tensor) x).data(), i, piece);
                Simd.convolveWeightLanes(xs, directOffset(i), direct, ((F32Tensor) dOutput).data(), o,
                        dwLanes[piece]);
            } else {
                lower(x, i, g, piece);
                gemm.gemm(false, true, filters, ckk, p, 1.0, dOutput, o, p, c, 0, p, i == lo ? 0.0 : 1.0, dw, 0,
                        ckk);
            }
            if (dx != null) {
                gemm.gemm(true, false, ckk, p, filters, 1.0, curW, 0, ckk, dOutput, o, p, 0.0, dcols[piece], 0,
                        p);
                Im2Col.col2im(dcols[piece], g, dx, i * g.inputSize());
            }
        }
    }

    /** cols[piece] = im2col(x_i), writing the padding's zeros only the first time for this geometry. */
    private void lower(Tensor x, int i, Im2Col.Geometry g, int piece) {
        Im2Col.im2col(x, i * g.inputSize(), g, cols[piece], colsHeld[piece] == g);
        colsHeld[piece] = g;
    }

    /** Example i's input for the direct loops: x itself when pad is 0, else a copy inside a zero border. */
    private float[] directInput(float[] x, int i, int piece) {
        if (pad == 0) {
            return x;
        }
        Im2Col.Geometry g = geometry;
        float[] dst = padded[piece];
        int pw = direct.width();
        for (int c = 0; c < g.channels(); c++) {
            for (int r = 0; r < g.height(); r++) {
                System.arraycopy(x, i * g.inputSize() + (c * g.height() + r) * g.width(), dst,
                        (c * direct.height() + r + pad) * pw + pad, g.width());
            }
        }
        return dst;
    }

    private int directOffset(int i) {
        return pad == 0 ? i * geometry.inputSize() : 0;
    }

    /** dW[f, t] = Σ over pieces, then lanes, in that order, in double: the same bits for any scheduling. */
    private void sumLanes(Tensor dw) {
        int lanes = Simd.LANES;
        for (int e = 0, size = dw.size(); e < size; e++) {
            double s = 0;
            for (int piece = 0; piece < curPieces; piece++) {
                float[] part = dwLanes[piece];
                for (int l = 0; l < lanes; l++) {
                    s += part[e * lanes + l];
                }
            }
            dw.set(e, s);
        }
    }

    /** The first example of piece {@code piece} of a batch of n (fixed for a given n and piece count). */
    private int first(int piece, int n) {
        return (int) ((long) n * piece / curPieces);
    }

    /**
     * Four pieces per GEMM thread (so the others take over a descheduled thread's share), each with its
     * buffers in x's precision; allocates only when they grow.
     */
    private void preparePieces(Tensor x, Im2Col.Geometry g, boolean needDx) {
        int threads = gemm.threads();
        curPieces = threads == 1 ? 1 : Math.max(1, Math.min(4 * threads, x.dim(0)));
        if (cols.length < curPieces) {
            cols = Arrays.copyOf(cols, curPieces);
            colsHeld = Arrays.copyOf(colsHeld, curPieces);
            dcols = Arrays.copyOf(dcols, curPieces);
            dwPart = Arrays.copyOf(dwPart, curPieces);
            dbPart = Arrays.copyOf(dbPart, curPieces);
            padded = Arrays.copyOf(padded, curPieces);
            dwLanes = Arrays.copyOf(dwLanes, curPieces);
        }
        int ckk = g.rows(), p = g.columns();
        for (int piece = 0; piece < curPieces; piece++) {
            if (direct != null) {
                int paddedSize = direct.channels() * direct.height() * direct.width();
                if (pad > 0 && (padded[piece] == null || padded[piece].length != paddedSize)) {
                    padded[piece] = new float[paddedSize]; // its border stays zero
                }
                if (dwLanes[piece] == null || dwLanes[piece].length != filters * ckk * Simd.LANES) {
                    dwLanes[piece] = new float[filters * ckk * Simd.LANES];
                }
            } else {
                Tensor before = cols[piece];
                cols[piece] = buffer(before, x, ckk, p);
                if (cols[piece] != before) {
                    colsHeld[piece] = null;
                }
            }
            if (needDx) {
                dcols[piece] = buffer(dcols[piece], x, ckk, p);
            }
            if (curPieces > 1 && direct == null) {
                dwPart[piece] = buffer(dwPart[piece], x, filters, ckk);
            }
            if (dbPart[piece] == null || dbPart[piece].length != filters) {
                dbPart[piece] = new double[filters];
            }
        }
    }

    private Im2Col.Geometry geometry(Tensor x, Tensor output) {
        // Plain ifs rather than Preconditions: these run every step, and boxing the ints would allocate.
        if (x.rank() != 4) {
            throw new IllegalArgumentException(String.format("%s: conv needs (N, C, H, W) input, got %s", name, x));
        }
        if (x.dim(1) != curW.dim(1)) {
            throw new IllegalArgumentException(String.format("%s: input %s has %s channels but W is %s", name, x,
                    x.dim(1), curW));
        }
        Im2Col.Geometry g = geometry;
        if (g == null || g.channels() != x.dim(1) || g.height() != x.dim(2) || g.width() != x.dim(3)) {
            g = new Im2Col.Geometry(x.dim(1), x.dim(2), x.dim(3), size, stride, pad);
            geometry = g;
            direct = null;
        }
        boolean wantDirect = useDirect(x, g);
        if (wantDirect != (direct != null)) {
            direct = wantDirect ? new ConvShape(g.channels(), g.height() + 2 * pad, g.width() + 2 * pad, filters,
                    size) : null;
        }
        if (output.rank() != 4 || output.dim(0) != x.dim(0) || output.dim(1) != filters
                || output.dim(2) != g.outHeight() || output.dim(3) != g.outWidth()) {
            throw new IllegalArgumentException(String.format("%s: output %s for input %s, expected (%s, %s, %s, %s)",
                    name, output, x, x.dim(0), filters, g.outHeight(), g.outWidth()));
        }
        return g;
    }

    /**
     * The direct loops ({@link Simd#convolve}) instead of im2col and GEMM: in float32 with the Vector API,
     * stride 1, up to {@link #MAX_DIRECT_TAPS} taps per filter, and output rows of whole vectors (the loops'
     * leftover columns run one at a time, slower than the GEMM).
     */
    private boolean useDirect(Tensor x, Im2Col.Geometry g) {
        return x instanceof F32Tensor && Simd.vectorized() && stride == 1 && g.rows() <= MAX_DIRECT_TAPS
                && g.outWidth() % Simd.LANES == 0;
    }

    /** Whether the last call ran on the direct loops (for tests). */
    public boolean usesDirectLoops() {
        return direct != null;
    }

    /** A (rows, cols) matrix in x's precision, reusing {@code current}'s storage when it is big enough. */
    private static Tensor buffer(Tensor current, Tensor like, int rows, int columns) {
        if (current == null || current.precision() != like.precision()) {
            return like.zerosLike(rows, columns);
        }
        current.reshape(rows, columns);
        return current;
    }

    /**
     * Σ a[from .. from+len-1] in double with four partial sums (i mod 4) added in a fixed order: a single
     * accumulator would make the loop one long chain of dependent additions.
     */
    private static double sum(float[] a, int from, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + len;
        for (; i + 3 < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < end; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double sum(Tensor t, int from, int len) {
        double s = 0.0;
        for (int q = 0; q < len; q++) {
            s += t.get(from + q);
        }
        return s;
    }
}
