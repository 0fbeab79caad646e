package dev.nnc.data.augment;

import com.google.common.base.Preconditions;
import dev.nnc.graph.AugmentSpec;
import dev.nnc.graph.Shape;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.gemm.GemmPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies an {@link AugmentSpec} to a batch of (C, H, W) examples in place, in the order written. Runs of
 * geometric transforms (rotate, shift, widthShift, heightShift, shear, zoom, flip) are composed into one affine
 * map per example and resampled once (bilinear, edges extended: Keras' {@code fill_mode = 'nearest'}); crop,
 * erase and rescale are passes of their own.
 *
 * <p>Reproducible: every random draw of a batch comes from one {@link Rng} seeded by the caller, example by
 * example and op by op on the calling thread, before any pixel moves; the pixels are then moved on the GEMM
 * threads, which changes nothing but speed. The same seed gives the same augmented batch, bit for bit. One
 * batch at a time, started by one thread: the batch in flight lives in the augmenter.
 */
public final class Augmenter {

    private static final Set<String> GEOMETRIC = Set.of("rotate", "shift", "widthShift", "heightShift", "shear",
            "zoom", "flip");

    private final List<List<AugmentSpec.Op>> stages = new ArrayList<>();
    private final int c;
    private final int h;
    private final int w;
    /** The threads examples are augmented on: the training session's. */
    private final Gemm gemm;
    /**
     * The pixel work of a batch, made once: the GEMM pool learns per loop body whether splitting it over the
     * threads pays (a new lambda per batch would be a new loop to it every time).
     */
    private final GemmPool.Pieces piece = this::augmentPiece;
    /** Two picture buffers per thread that augments, made on first use. */
    private final ThreadLocal<float[][]> buffers;
    // The batch in flight: set before the pieces are handed out (Gemm.forEach or an idle job), which
    // publishes them to the pieces' threads.
    private Tensor curX;
    private int curN;
    private int curPieces;
    private Draw[][] curDraws;

    /** As {@link #Augmenter(AugmentSpec, Shape, Gemm)} on the default threads. */
    public Augmenter(AugmentSpec spec, Shape example) {
        this(spec, example, Gemm.defaults());
    }

    /**
     * @param example the examples' shape: (C, H, W), or (D) when D is a square (a flattened greyscale image)
     * @param gemm    the session whose threads augment the examples of a batch
     * @throws IllegalArgumentException when the examples are not images
     */
    public Augmenter(AugmentSpec spec, Shape example, Gemm gemm) {
        this.gemm = gemm;
        int[] chw = chw(example);
        c = chw[0];
        h = chw[1];
        w = chw[2];
        buffers = ThreadLocal.withInitial(() -> new float[][] {new float[c * h * w], new float[c * h * w]});
        List<AugmentSpec.Op> run = new ArrayList<>();
        for (AugmentSpec.Op op : spec.ops()) {
            if (GEOMETRIC.contains(op.name())) {
                run.add(op);
                continue;
            }
            if (!run.isEmpty()) {
                stages.add(run);
                run = new ArrayList<>();
            }
            stages.add(List.of(op));
        }
        if (!run.isEmpty()) {
            stages.add(run);
        }
    }

    /** (C, H, W) of an image-shaped example. */
    public static int[] chw(Shape s) {
        if (s.rank() == 3) {
            return new int[] {s.dim(0), s.dim(1), s.dim(2)};
        }
        if (s.rank() == 1) {
            int side = (int) Math.round(Math.sqrt(s.dim(0)));
            if (side * side == s.dim(0)) {
                return new int[] {1, side, side};
            }
        }
        throw new IllegalArgumentException("augmentation needs images, (C, H, W) examples, but they are " + s);
    }

    /** The per-example random draws of one stage, made up front so the pixel work can run in any order. */
    private sealed interface Draw permits Affine, Crop, Erase, Scale {
    }

    /** Output pixel (x, y) samples input (a·x' + b·y' + tx + cx, c·x' + d·y' + ty + cy), x' = x − cx. */
    private record Affine(double a, double b, double c, double d, double tx, double ty) implements Draw {
    }

    private record Crop(int dx, int dy) implements Draw {
    }

    /** An empty box when the coin said no. */
    private record Erase(int x0, int y0, int x1, int y1) implements Draw {
    }

    private record Scale(double factor) implements Draw {
    }

    /** Augments examples 0..n-1 of {@code x} (rows of C·H·W values) in place, drawing from {@code seed}. */
    public void apply(Tensor x, int n, long seed) {
        int pieces = begin(x, n, seed, Math.max(1, Math.min(gemm.threads(), n)));
        if (pieces == 0) {
            return;
        }
        try {
            gemm.forEach(pieces, piece);
        } finally {
            end();
        }
    }

    /**
     * Starts augmenting examples 0..n-1 of {@code x} in place for a caller that runs the pixel work itself:
     * every random draw is made now, on this thread, and the work is cut into {@code pieces} runs of
     * consecutive examples, which {@link #pieces()} does in any order on any threads (the batch feed hands
     * them to the GEMM workers' idle time). {@link #end} after the last. The result is {@link #apply}'s, bit
     * for bit, whatever the pieces.
     *
     * @return the number of pieces, 0 when there is nothing to do (then no {@code end})
     */
    public int begin(Tensor x, int n, long seed, int pieces) {
        Preconditions.checkArgument(x.rowSize() == c * h * w, "batch %s does not hold %sx%sx%s examples", x, c, h, w);
        if (stages.isEmpty() || n == 0) {
            return 0;
        }
        Rng rng = new Rng(seed);
        Draw[][] draws = new Draw[n][stages.size()];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < stages.size(); s++) {
                draws[i][s] = draw(stages.get(s), rng);
            }
        }
        curX = x;
        curN = n;
        curPieces = Math.max(1, Math.min(pieces, n));
        curDraws = draws;
        return curPieces;
    }

    /** The pixel work of the batch {@link #begin} started, piece by piece. */
    public GemmPool.Pieces pieces() {
        return piece;
    }

    /** Ends the batch {@link #begin} started, once every piece has run. */
    public void end() {
        curX = null;
        curDraws = null;
    }

    /** Examples of piece {@code p} of the batch in flight, in this thread's two picture buffers. */
    private void augmentPiece(int p) {
        float[][] mine = buffers.get();
        float[] buf = mine[0];
        float[] tmp = mine[1];
        int from = (int) ((long) curN * p / curPieces);
        int to = (int) ((long) curN * (p + 1) / curPieces);
        for (int i = from; i < to; i++) {
            read(curX, i, buf);
            for (Draw d : curDraws[i]) {
                float[] out = apply(d, buf, tmp);
                if (out == tmp) {
                    tmp = buf;
                    buf = out;
                }
            }
            write(buf, curX, i);
        }
    }

    private Draw draw(List<AugmentSpec.Op> stage, Rng rng) {
        AugmentSpec.Op first = stage.get(0);
        switch (first.name()) {
            case "crop" -> {
                int pad = (int) first.arg("pad");
                return new Crop(rng.nextInt(2 * pad + 1) - pad, rng.nextInt(2 * pad + 1) - pad);
            }
            case "erase" -> {
                return erase(first.arg("p"), first.arg("area"), rng);
            }
            case "rescale" -> {
                return new Scale(first.arg("factor"));
            }
            default -> {
                return affine(stage, rng);
            }
        }
    }

    /** Composes the stage's transforms, each mapping input to output about the centre, and inverts the result. */
    private Affine affine(List<AugmentSpec.Op> stage, Rng rng) {
        // forward map: out = M · in + t (coordinates relative to the centre)
        double m00 = 1, m01 = 0, m10 = 0, m11 = 1, t0 = 0, t1 = 0;
        for (AugmentSpec.Op op : stage) {
            double a00 = 1, a01 = 0, a10 = 0, a11 = 1, s0 = 0, s1 = 0;
            switch (op.name()) {
                case "rotate" -> {
                    double th = Math.toRadians(uniform(rng, op.arg("degrees")));
                    a00 = Math.cos(th);
                    a01 = -Math.sin(th);
                    a10 = Math.sin(th);
                    a11 = Math.cos(th);
                }
                case "shift" -> {
                    s0 = uniform(rng, op.arg("fraction")) * w;
                    s1 = uniform(rng, op.arg("fraction")) * h;
                }
                case "widthShift" -> s0 = uniform(rng, op.arg("fraction")) * w;
                case "heightShift" -> s1 = uniform(rng, op.arg("fraction")) * h;
                case "shear" -> {
                    double sh = Math.toRadians(uniform(rng, op.arg("degrees")));
                    a01 = -Math.sin(sh);
                    a11 = Math.cos(sh);
                }
                case "zoom" -> {
                    a00 = 1 + uniform(rng, op.arg("range"));
                    a11 = 1 + uniform(rng, op.arg("range"));
                }
                case "flip" -> {
                    if (rng.nextDouble() < op.arg("p")) {
                        a00 = -1;
                    }
                }
                default -> throw new IllegalArgumentException("unknown augmentation " + op.name());
            }
            // (A, s) ∘ (M, t) = (A·M, A·t + s)
            double n00 = a00 * m00 + a01 * m10;
            double n01 = a00 * m01 + a01 * m11;
            double n10 = a10 * m00 + a11 * m10;
            double n11 = a10 * m01 + a11 * m11;
            double u0 = a00 * t0 + a01 * t1 + s0;
            double u1 = a10 * t0 + a11 * t1 + s1;
            m00 = n00;
            m01 = n01;
            m10 = n10;
            m11 = n11;
            t0 = u0;
            t1 = u1;
        }
        double det = m00 * m11 - m01 * m10;
        double i00 = m11 / det;
        double i01 = -m01 / det;
        double i10 = -m10 / det;
        double i11 = m00 / det;
        return new Affine(i00, i01, i10, i11, -(i00 * t0 + i01 * t1), -(i10 * t0 + i11 * t1));
    }

    /** Uniform in [-r, r]. */
    private static double uniform(Rng rng, double r) {
        return (2 * rng.nextDouble() - 1) * r;
    }

    /** Random erasing (Zhong et al. 2017): a box of area U(0.02, area)·H·W, aspect ratio log-uniform in [0.3, 3.3]. */
    private Erase erase(double p, double maxArea, Rng rng) {
        boolean on = rng.nextDouble() < p;
        double area = (0.02 + rng.nextDouble() * (maxArea - 0.02)) * h * w;
        double ratio = Math.exp(Math.log(0.3) + rng.nextDouble() * (Math.log(3.3) - Math.log(0.3)));
        int bh = Math.max(1, Math.min(h, (int) Math.round(Math.sqrt(area * ratio))));
        int bw = Math.max(1, Math.min(w, (int) Math.round(Math.sqrt(area / ratio))));
        int y0 = rng.nextInt(h - bh + 1);
        int x0 = rng.nextInt(w - bw + 1);
        return on ? new Erase(x0, y0, x0 + bw, y0 + bh) : new Erase(0, 0, 0, 0);
    }

    /** Applies one draw to {@code src}; returns the array holding the result ({@code src} or {@code dst}). */
    private float[] apply(Draw d, float[] src, float[] dst) {
        if (d instanceof Scale s) {
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) (src[i] * s.factor());
            }
            return src;
        }
        if (d instanceof Erase e) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = e.y0(); y < e.y1(); y++) {
                    java.util.Arrays.fill(src, ch * h * w + y * w + e.x0(), ch * h * w + y * w + e.x1(), 0f);
                }
            }
            return src;
        }
        if (d instanceof Crop k) {
            // out(y, x) = in(y + dy, x + dx), zero outside: per row one copy and the zeros either side of it
            int x0 = Math.max(0, -k.dx());
            int x1 = Math.min(w, w - k.dx());
            for (int ch = 0; ch < c; ch++) {
                int p = ch * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y + k.dy();
                    int row = p + y * w;
                    if (sy < 0 || sy >= h || x0 >= x1) {
                        java.util.Arrays.fill(dst, row, row + w, 0f);
                        continue;
                    }
                    java.util.Arrays.fill(dst, row, row + x0, 0f);
                    System.arraycopy(src, p + sy * w + x0 + k.dx(), dst, row + x0, x1 - x0);
                    java.util.Arrays.fill(dst, row + x1, row + w, 0f);
                }
            }
            return dst;
        }
        Affine a = (Affine) d;
        resample(a, src, dst);
        return dst;
    }

    /**
     * Bilinear resampling through the inverse map, edges extended. Along a row the source point moves on a
     * line, so the pixels whose four neighbours all lie inside the picture form one run [x0, x1) of the row:
     * they take a loop without clamps, the few outside it the clamping one. Both compute the source point as
     * {@code base + step·x}, so a pixel gets the same value whichever loop takes it.
     */
    private void resample(Affine a, float[] src, float[] dst) {
        double cx = (w - 1) / 2.0;
        double cy = (h - 1) / 2.0;
        double ma = a.a();
        double mc = a.c();
        for (int y = 0; y < h; y++) {
            double yy = y - cy;
            double bx = ma * -cx + a.b() * yy + a.tx() + cx;
            double by = mc * -cx + a.d() * yy + a.ty() + cy;
            int row = y * w;
            int from = Math.max(inside(bx, ma, w, true), inside(by, mc, h, true));
            int to = Math.min(inside(bx, ma, w, false), inside(by, mc, h, false));
            if (from >= to) {
                from = 0;
                to = 0;
            }
            resampleClamped(src, dst, row, 0, from, bx, ma, by, mc);
            if (c == 1) {
                resampleInside(src, dst, row, from, to, bx, ma, by, mc);
            } else {
                resampleInsideChannels(src, dst, row, from, to, bx, ma, by, mc);
            }
            resampleClamped(src, dst, row, to, w, bx, ma, by, mc);
        }
    }

    /**
     * The first (or, for {@code !first}, one past the last) x in [0, w] at which {@code 0 ≤ base + step·x <
     * size − 1}: where the source coordinate and its right/lower neighbour are both in the picture. Solved in
     * closed form, then moved to where the very expression the loops evaluate agrees (it is monotonic in x).
     */
    private int inside(double base, double step, int size, boolean first) {
        double hi = size - 1;
        int lo;
        int up;
        if (step == 0) {
            boolean in = base >= 0 && base < hi;
            return in == first ? 0 : w;
        }
        double xa = (0 - base) / step;
        double xb = (hi - base) / step;
        double left = Math.min(xa, xb);
        double right = Math.max(xa, xb);
        lo = (int) Math.max(0, Math.min(w, Math.ceil(left)));
        up = (int) Math.max(0, Math.min(w, Math.floor(right) + 1));
        if (first) {
            while (lo > 0 && isInside(base + step * (lo - 1), hi)) {
                lo--;
            }
            while (lo < w && !isInside(base + step * lo, hi)) {
                lo++;
            }
            return lo;
        }
        while (up < w && isInside(base + step * up, hi)) {
            up++;
        }
        while (up > 0 && !isInside(base + step * (up - 1), hi)) {
            up--;
        }
        return up;
    }

    private static boolean isInside(double v, double hi) {
        return v >= 0 && v < hi;
    }

    /** Pixels [from, to) of a one-channel row whose source neighbourhoods are inside: no clamping. */
    private void resampleInside(float[] src, float[] dst, int row, int from, int to, double bx, double ma,
                                double by, double mc) {
        for (int x = from; x < to; x++) {
            double sx = bx + ma * x;
            double sy = by + mc * x;
            int x0 = (int) sx;
            int y0 = (int) sy;
            float fx = (float) (sx - x0);
            float fy = (float) (sy - y0);
            int i = y0 * w + x0;
            float top = src[i] + (src[i + 1] - src[i]) * fx;
            float bottom = src[i + w] + (src[i + w + 1] - src[i + w]) * fx;
            dst[row + x] = top + (bottom - top) * fy;
        }
    }

    /** {@link #resampleInside} for several channels, the same source point in each plane. */
    private void resampleInsideChannels(float[] src, float[] dst, int row, int from, int to, double bx,
                                        double ma, double by, double mc) {
        int plane = h * w;
        for (int x = from; x < to; x++) {
            double sx = bx + ma * x;
            double sy = by + mc * x;
            int x0 = (int) sx;
            int y0 = (int) sy;
            float fx = (float) (sx - x0);
            float fy = (float) (sy - y0);
            for (int p = 0; p < c * plane; p += plane) {
                int i = p + y0 * w + x0;
                float top = src[i] + (src[i + 1] - src[i]) * fx;
                float bottom = src[i + w] + (src[i + w + 1] - src[i + w]) * fx;
                dst[p + row + x] = top + (bottom - top) * fy;
            }
        }
    }

    /** Pixels [from, to) of a row, the source point clamped to the picture (the edge pixels extended). */
    private void resampleClamped(float[] src, float[] dst, int row, int from, int to, double bx, double ma,
                                 double by, double mc) {
        int plane = h * w;
        for (int x = from; x < to; x++) {
            double sx = bx + ma * x;
            double sy = by + mc * x;
            double fxc = sx < 0 ? 0 : sx > w - 1 ? w - 1 : sx;
            double fyc = sy < 0 ? 0 : sy > h - 1 ? h - 1 : sy;
            int x0 = (int) fxc;
            int y0 = (int) fyc;
            int x1 = x0 + 1 < w ? x0 + 1 : x0;
            int y1 = y0 + 1 < h ? y0 + 1 : y0;
            float fx = (float) (fxc - x0);
            float fy = (float) (fyc - y0);
            for (int p = 0; p < c * plane; p += plane) {
                float top = src[p + y0 * w + x0] + (src[p + y0 * w + x1] - src[p + y0 * w + x0]) * fx;
                float bottom = src[p + y1 * w + x0] + (src[p + y1 * w + x1] - src[p + y1 * w + x0]) * fx;
                dst[p + row + x] = top + (bottom - top) * fy;
            }
        }
    }

    private void read(Tensor x, int i, float[] buf) {
        int off = i * buf.length;
        if (x instanceof F32Tensor f) {
            System.arraycopy(f.data(), off, buf, 0, buf.length);
        } else {
            double[] d = ((F64Tensor) x).data();
            for (int j = 0; j < buf.length; j++) {
                buf[j] = (float) d[off + j];
            }
        }
    }

    private void write(float[] buf, Tensor x, int i) {
        int off = i * buf.length;
        if (x instanceof F32Tensor f) {
            System.arraycopy(buf, 0, f.data(), off, buf.length);
        } else {
            double[] d = ((F64Tensor) x).data();
            for (int j = 0; j < buf.length; j++) {
                d[off + j] = buf[j];
            }
        }
    }
}
