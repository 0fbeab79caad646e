package dev.nnc.tensor.simd;

/** The plain-Java {@link Loops}: works on every JVM; the reference the vector loops are tested against. */
final class ScalarLoops implements Loops {

    @Override
    public String name() {
        return "scalar";
    }

    /** Four partial sums (elements i mod 4) combined in a fixed order: independent adds pipeline. */
    @Override
    public double sumOfSquares(float[] a, int from, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        int end = from + n;
        for (; i + 3 < end; i += 4) {
            double v0 = a[i];
            double v1 = a[i + 1];
            double v2 = a[i + 2];
            double v3 = a[i + 3];
            s0 += v0 * v0;
            s1 += v1 * v1;
            s2 += v2 * v2;
            s3 += v3 * v3;
        }
        for (; i < end; i++) {
            double v = a[i];
            s0 += v * v;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void scaleShiftBytes(byte[] src, int from, float[] mul, float[] add, float[] dst, int off, int n) {
        for (int j = 0; j < n; j++) {
            dst[off + j] = (src[from + j] & 0xFF) * mul[j] + add[j];
        }
    }
}
