package dev.nnc.tensor.simd;

/**
 * The float32 loops that JDK 17's auto-vectorizer leaves scalar although they sit on the training hot path:
 * reductions (float additions may not be reordered), a byte-to-float conversion (mixed element sizes), and
 * per-column maps over short rows (an MLP's 100 features: too few for the auto-vectorizer to pay off).
 * Matrices are row-major, {@code rows x cols}; per-column vectors have {@code cols} entries.
 *
 * <p>Implementations must be deterministic, and all but {@link #sumOfSquares} agree bit for bit: each value
 * is computed by the same sequence of float operations (no fused multiply-add), and column sums run in float
 * over blocks of {@link #ROW_BLOCK} rows, in row order, with each block's total added to a double.
 * {@code sumOfSquares} only has to agree to float rounding (it feeds the reported L2 penalty, never a
 * gradient), so the vector version may sum in float lanes.
 */
interface Loops {

    /** Rows per float partial sum of a column sum. */
    int ROW_BLOCK = 16;

    /** Lanes per weight-gradient entry of {@link #convolveWeightLanes}: the 256-bit vector's eight floats. */
    int LANES = 8;

    /** Values per block of the run sums ({@link #runSum}): each block's float partials go to a double. */
    int RUN_BLOCK = 256;

    /** A short name for logs, e.g. {@code vector-256} or {@code scalar}. */
    String name();

    /** Σ a[from + i]² for i in [0, n), returned in double; the same bits on every call. */
    double sumOfSquares(float[] a, int from, int n);

    /**
     * dst[off + j] = (src[from + j] &amp; 0xFF) · mul[j] + add[j] for j in [0, n): unsigned bytes to floats
     * through a per-position affine map, a multiply then an add, each rounded to float.
     */
    void scaleShiftBytes(byte[] src, int from, float[] mul, float[] add, float[] dst, int off, int n);

    /**
     * sums[c] = Σ_i x[i][c], or Σ_i (x[i][c] - centre[c])² when {@code centre} is not null; overwrites
     * {@code sums}. {@code part} is scratch of at least {@code cols} floats.
     */
    void columnSums(float[] x, int rows, int cols, float[] centre, double[] sums, float[] part);

    /**
     * sumDy[c] = Σ_i dy[i][c] and sumDyXc[c] = Σ_i dy[i][c]·(x[i][c] - centre[c]), overwritten; {@code part}
     * and {@code part2} are scratch of at least {@code cols} floats each.
     */
    void columnGradientSums(float[] dy, float[] x, int rows, int cols, float[] centre, double[] sumDy,
                            double[] sumDyXc, float[] part, float[] part2);

    /** y[i][c] = (x[i][c] - centre[c])·mul[c] + add[c]; y may be x. */
    void normalizeColumns(float[] x, int rows, int cols, float[] centre, float[] mul, float[] add, float[] y);

    /** dx[i][c] = a[c]·dy[i][c] - b[c]·(x[i][c] - centre[c]) - d[c]. */
    void combineColumns(float[] dy, float[] x, int rows, int cols, float[] a, float[] b, float[] centre,
                        float[] d, float[] dx);

    /**
     * One example's valid, stride-1 convolution (cross-correlation) of shape s: x is (channels, height,
     * width) from {@code xOff}, w is (filters, channels, size, size), out is (filters, oh, ow) from
     * {@code outOff}. Each output starts from bias[f], then takes one fused multiply-add
     * w[f, c, ki, kj]·x[c, i + ki, j + kj] per tap, taps in (c, ki, kj) order: the same bits from either
     * implementation.
     */
    void convolve(float[] x, int xOff, ConvShape s, float[] w, float[] bias, float[] out, int outOff);

    /**
     * Adds one example's weight gradient of {@link #convolve} to per-lane partial sums: lane l of
     * lanes[(f·taps + t)·LANES ..] for tap t = (c·size + ki)·size + kj collects
     * dout[f, i, j]·x[c, i + ki, j + kj] over the columns j ≡ l (mod LANES). The columns of whole vectors
     * are summed by fused multiply-adds, rows in order, into a partial that starts at zero and is then added
     * to the lane; the last ow mod LANES columns then go straight into their lanes, row by row. dout is
     * (filters, oh, ow) from {@code dOff}. Summing an entry's lanes gives dW; the same bits either way.
     */
    void convolveWeightLanes(float[] x, int xOff, ConvShape s, float[] dout, int dOff, float[] lanes);

    /**
     * Σ x[from + k] for k in [0, len), returned in double: a contiguous run such as one example's plane of a
     * channel. The first len - len mod (2·LANES) values go in blocks of up to {@link #RUN_BLOCK}; within a
     * block, 2·LANES float partials start at zero and partial j adds the values k ≡ j (mod 2·LANES) in order;
     * at the block's end partials l and l + LANES are added in float and the LANES results added to the
     * double total, l in order. The last len mod (2·LANES) values are then added to the total one by one.
     * The same bits from either implementation; float partials of at most 16 terms stay within a few float
     * roundings of the exact sum. {@code part} is scratch of at least 4·LANES floats (the vector loops hand
     * each block's lanes over through it rather than extracting lanes, which C2 may compile to boxing).
     */
    double runSum(float[] x, int from, int len, float[] part);

    /**
     * Σ (x[from + k] - centre)², each term a float subtraction then a float multiply, summed as in
     * {@link #runSum}.
     */
    double runSquaredDeviations(float[] x, int from, int len, float centre, float[] part);

    /**
     * Adds Σ dy[from + k] to sumDy[at] and Σ dy[from + k]·(x[from + k] - centre) to sumDyXc[at], k in
     * [0, len), each sum formed as in {@link #runSum} (the product's terms a float subtraction then a float
     * multiply) and then added to the array entry.
     */
    void runGradientSums(float[] dy, float[] x, int from, int len, float centre, double[] sumDy, double[] sumDyXc,
                         int at, float[] part);
}
