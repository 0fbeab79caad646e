package dev.nnc.tensor.simd;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one door to the vectorized element loops of the float32 hot path ({@link Loops}): the Vector-API
 * implementation when the JVM was started with {@code --add-modules jdk.incubator.vector} (as the
 * {@code nnc} launcher does), else plain Java. Chosen once at startup, like the GEMM kernel; the system
 * property {@code nnc.simd=scalar} forces plain Java. A candidate must run natively (256-bit vectors) and
 * agree with {@link ScalarLoops} on a small probe before it is used.
 */
public final class Simd {

    /** Partial sums per weight in {@link #convolveWeightLanes}. */
    public static final int LANES = Loops.LANES;

    private static final Loops LOOPS = choose();

    private Simd() {
    }

    /** {@code vector-256} or {@code scalar}. */
    public static String name() {
        return LOOPS.name();
    }

    /** Whether the Vector-API loops are in use (else plain Java): callers pick algorithms that need them. */
    public static boolean vectorized() {
        return !(LOOPS instanceof ScalarLoops);
    }

    /**
     * Σ a[from + i]² for i in [0, n), in double. Deterministic and allocation-free; the two implementations
     * agree to float rounding, not bit for bit (see {@link Loops}).
     */
    public static double sumOfSquares(float[] a, int from, int n) {
        return LOOPS.sumOfSquares(a, from, n);
    }

    /**
     * dst[off + j] = (src[from + j] &amp; 0xFF) · mul[j] + add[j] for j in [0, n) (unsigned bytes, float
     * multiply then add): the same bits from either implementation.
     */
    public static void scaleShiftBytes(byte[] src, int from, float[] mul, float[] add, float[] dst, int off,
                                       int n) {
        LOOPS.scaleShiftBytes(src, from, mul, add, dst, off, n);
    }

    /** See {@link Loops#columnSums}: per-column sums (or squared deviations from {@code centre}). */
    public static void columnSums(float[] x, int rows, int cols, float[] centre, double[] sums, float[] part) {
        LOOPS.columnSums(x, rows, cols, centre, sums, part);
    }

    /** See {@link Loops#columnGradientSums}: Σ dy and Σ dy·(x - centre) per column. */
    public static void columnGradientSums(float[] dy, float[] x, int rows, int cols, float[] centre,
                                          double[] sumDy, double[] sumDyXc, float[] part, float[] part2) {
        LOOPS.columnGradientSums(dy, x, rows, cols, centre, sumDy, sumDyXc, part, part2);
    }

    /** y[i][c] = (x[i][c] - centre[c])·mul[c] + add[c]. */
    public static void normalizeColumns(float[] x, int rows, int cols, float[] centre, float[] mul, float[] add,
                                        float[] y) {
        LOOPS.normalizeColumns(x, rows, cols, centre, mul, add, y);
    }

    /** dx[i][c] = a[c]·dy[i][c] - b[c]·(x[i][c] - centre[c]) - d[c]. */
    public static void combineColumns(float[] dy, float[] x, int rows, int cols, float[] a, float[] b,
                                      float[] centre, float[] d, float[] dx) {
        LOOPS.combineColumns(dy, x, rows, cols, a, b, centre, d, dx);
    }

    /** See {@link Loops#runSum}: Σ x over a contiguous run, in float partials summed in double. */
    public static double runSum(float[] x, int from, int len, float[] part) {
        return LOOPS.runSum(x, from, len, part);
    }

    /** See {@link Loops#runSquaredDeviations}: Σ (x - centre)² over a contiguous run. */
    public static double runSquaredDeviations(float[] x, int from, int len, float centre, float[] part) {
        return LOOPS.runSquaredDeviations(x, from, len, centre, part);
    }

    /** See {@link Loops#runGradientSums}: adds Σ dy and Σ dy·(x - centre) over a run to sumDy[at], sumDyXc[at]. */
    public static void runGradientSums(float[] dy, float[] x, int from, int len, float centre, double[] sumDy,
                                       double[] sumDyXc, int at, float[] part) {
        LOOPS.runGradientSums(dy, x, from, len, centre, sumDy, sumDyXc, at, part);
    }

    /** See {@link Loops#convolve}: one example's valid, stride-1 convolution, by fused multiply-adds. */
    public static void convolve(float[] x, int xOff, ConvShape s, float[] w, float[] bias, float[] out, int outOff) {
        LOOPS.convolve(x, xOff, s, w, bias, out, outOff);
    }

    /**
     * See {@link Loops#convolveWeightLanes}: adds one example's weight gradient to {@link #LANES} partial
     * sums per weight, lanes[(f·taps + t)·LANES + l].
     */
    public static void convolveWeightLanes(float[] x, int xOff, ConvShape s, float[] dout, int dOff,
                                           float[] lanes) {
        LOOPS.convolveWeightLanes(x, xOff, s, dout, dOff, lanes);
    }

    private static Loops choose() {
        boolean forcedScalar = "scalar".equals(System.getProperty("nnc.simd", "").trim().toLowerCase(Locale.ROOT));
        if (forcedScalar || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return new ScalarLoops();
        }
        return probe(VectorLoops::new).orElse(new ScalarLoops());
    }

    private static Optional<Loops> probe(Supplier<Loops> make) {
        try {
            Loops l = make.get();
            return agreesWithScalar(l) ? Optional.of(l) : Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /**
     * Both loops on 37 values (vector body and tail), a 3 x 37 column sum, a small convolution and a run of
     * 100 squared deviations, small integers (and halves) so every sum is exact.
     */
    static boolean agreesWithScalar(Loops l) {
        Loops ref = new ScalarLoops();
        int n = 37;
        float[] a = new float[n + 3];
        byte[] bytes = new byte[n + 2];
        float[] mul = new float[n];
        float[] add = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i * 7 % 11) - 5;
        }
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 61);
        }
        for (int j = 0; j < n; j++) {
            mul[j] = 0.5f + j % 3;
            add[j] = j - 4;
        }
        float[] want = new float[n + 1];
        float[] got = new float[n + 1];
        ref.scaleShiftBytes(bytes, 2, mul, add, want, 1, n);
        l.scaleShiftBytes(bytes, 2, mul, add, got, 1, n);
        float[] rows = new float[3 * n];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = (i * 5 % 13) - 6;
        }
        double[] sumsWant = new double[n];
        double[] sumsGot = new double[n];
        ref.columnSums(rows, 3, n, null, sumsWant, new float[n]);
        l.columnSums(rows, 3, n, null, sumsGot, new float[n]);
        ConvShape shape = new ConvShape(1, 3, 12, 2, 2); // output 2 x 11: a whole vector and a tail
        float[] convWant = new float[2 * 2 * 11];
        float[] convGot = new float[convWant.length];
        ref.convolve(a, 1, shape, mul, add, convWant, 0);
        l.convolve(a, 1, shape, mul, add, convGot, 0);
        return Arrays.equals(want, got) && ref.sumOfSquares(a, 3, n) == l.sumOfSquares(a, 3, n)
                && Arrays.equals(sumsWant, sumsGot) && Arrays.equals(convWant, convGot)
                && ref.runSquaredDeviations(rows, 1, 100, 0.5f, new float[4 * LANES])
                    == l.runSquaredDeviations(rows, 1, 100, 0.5f, new float[4 * LANES]);
    }
}
