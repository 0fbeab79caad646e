package dev.nnc.tensor.simd;

/**
 * The float32 loops that JDK 17's auto-vectorizer leaves scalar although they sit on the training hot path:
 * a reduction (its float additions may not be reordered) and a byte-to-float conversion (mixed element
 * sizes). Implementations must be deterministic: the same input gives the same bits on every call.
 */
interface Loops {

    /** A short name for logs, e.g. {@code vector-256} or {@code scalar}. */
    String name();

    /** Σ a[from + i]² for i in [0, n), returned in double. */
    double sumOfSquares(float[] a, int from, int n);

    /**
     * dst[off + j] = (src[from + j] &amp; 0xFF) · mul[j] + add[j] for j in [0, n): unsigned bytes to floats
     * through a per-position affine map, a multiply then an add, each rounded to float.
     */
    void scaleShiftBytes(byte[] src, int from, float[] mul, float[] add, float[] dst, int off, int n);
}
