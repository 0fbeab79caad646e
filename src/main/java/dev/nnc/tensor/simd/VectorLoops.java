package dev.nnc.tensor.simd;

import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Loops} on the incubating Vector API (256-bit: eight floats). Needs
 * {@code --add-modules jdk.incubator.vector}; {@link Simd} falls back to {@link ScalarLoops} without it.
 */
final class VectorLoops implements Loops {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final VectorSpecies<Byte> B = ByteVector.SPECIES_64;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_256;
    private static final int L = F.length();
    /**
     * Squares are summed in float lanes over blocks of this many values, and each block's lanes are added
     * to a double total one by one, in lane order: a 32-term float sum per lane stays accurate to a few
     * float roundings, and the order never depends on how (or whether) C2 intrinsified the code, which
     * {@code reduceLanes} does not promise.
     */
    private static final int BLOCK = 256;

    /** Refuses a CPU whose vectors are narrower than 256 bits: there the API would run its slow Java code. */
    VectorLoops() {
        if (FloatVector.SPECIES_PREFERRED.vectorBitSize() < F.vectorBitSize()) {
            throw new UnsupportedOperationException("no 256-bit vectors on this CPU");
        }
    }

    @Override
    public String name() {
        return "vector-" + F.vectorBitSize();
    }

    @Override
    public double sumOfSquares(float[] a, int from, int n) {
        double total = 0;
        int i = from;
        int vectorEnd = from + n / (2 * L) * (2 * L);
        while (i < vectorEnd) {
            int blockEnd = Math.min(vectorEnd, i + BLOCK);
            FloatVector acc0 = FloatVector.zero(F);
            FloatVector acc1 = FloatVector.zero(F);
            for (; i < blockEnd; i += 2 * L) {
                FloatVector v = FloatVector.fromArray(F, a, i);
                FloatVector w = FloatVector.fromArray(F, a, i + L);
                acc0 = v.fma(v, acc0);
                acc1 = w.fma(w, acc1);
            }
            FloatVector acc = acc0.add(acc1);
            for (int lane = 0; lane < L; lane++) {
                total += acc.lane(lane);
            }
        }
        for (int end = from + n; i < end; i++) {
            double v = a[i];
            total += v * v;
        }
        return total;
    }

    @Override
    public void scaleShiftBytes(byte[] src, int from, float[] mul, float[] add, float[] dst, int off, int n) {
        int j = 0;
        for (int bound = n / L * L; j < bound; j += L) {
            // Eight bytes widened to ints (sign-extended, so masked back to 0..255), then to floats.
            IntVector widened = (IntVector) ByteVector.fromArray(B, src, from + j)
                    .convertShape(VectorOperators.B2I, I, 0);
            FloatVector x = (FloatVector) widened.and(0xFF).convert(VectorOperators.I2F, 0);
            x.mul(FloatVector.fromArray(F, mul, j)).add(FloatVector.fromArray(F, add, j)).intoArray(dst, off + j);
        }
        for (; j < n; j++) {
            dst[off + j] = (src[from + j] & 0xFF) * mul[j] + add[j];
        }
    }

    @Override
    public void columnSums(float[] x, int rows, int cols, float[] centre, double[] sums, float[] part) {
        Arrays.fill(sums, 0, cols, 0.0);
        int vc = cols / L * L;
        for (int i0 = 0; i0 < rows; i0 += ROW_BLOCK) {
            Arrays.fill(part, 0, cols, 0f);
            int i1 = Math.min(rows, i0 + ROW_BLOCK);
            for (int i = i0; i < i1; i++) {
                int off = i * cols;
                int c = 0;
                if (centre == null) {
                    for (; c < vc; c += L) {
                        FloatVector.fromArray(F, part, c).add(FloatVector.fromArray(F, x, off + c)).intoArray(part, c);
                    }
                    for (; c < cols; c++) {
                        part[c] += x[off + c];
                    }
                } else {
                    for (; c < vc; c += L) {
                        FloatVector d = FloatVector.fromArray(F, x, off + c).sub(FloatVector.fromArray(F, centre, c));
                        FloatVector.fromArray(F, part, c).add(d.mul(d)).intoArray(part, c);
                    }
                    for (; c < cols; c++) {
                        float d = x[off + c] - centre[c];
                        part[c] += d * d;
                    }
                }
            }
            for (int c = 0; c < cols; c++) {
                sums[c] += part[c];
            }
        }
    }

    @Override
    public void columnGradientSums(float[] dy, float[] x, int rows, int cols, float[] centre, double[] sumDy,
                                   double[] sumDyXc, float[] part, float[] part2) {
        Arrays.fill(sumDy, 0, cols, 0.0);
        Arrays.fill(sumDyXc, 0, cols, 0.0);
        int vc = cols / L * L;
        for (int i0 = 0; i0 < rows; i0 += ROW_BLOCK) {
            Arrays.fill(part, 0, cols, 0f);
            Arrays.fill(part2, 0, cols, 0f);
            int i1 = Math.min(rows, i0 + ROW_BLOCK);
            for (int i = i0; i < i1; i++) {
                int off = i * cols;
                int c = 0;
                for (; c < vc; c += L) {
                    FloatVector g = FloatVector.fromArray(F, dy, off + c);
                    FloatVector xc = FloatVector.fromArray(F, x, off + c).sub(FloatVector.fromArray(F, centre, c));
                    FloatVector.fromArray(F, part, c).add(g).intoArray(part, c);
                    FloatVector.fromArray(F, part2, c).add(g.mul(xc)).intoArray(part2, c);
                }
                for (; c < cols; c++) {
                    float g = dy[off + c];
                    part[c] += g;
                    part2[c] += g * (x[off + c] - centre[c]);
                }
            }
            for (int c = 0; c < cols; c++) {
                sumDy[c] += part[c];
                sumDyXc[c] += part2[c];
            }
        }
    }

    @Override
    public void normalizeColumns(float[] x, int rows, int cols, float[] centre, float[] mul, float[] add,
                                 float[] y) {
        int vc = cols / L * L;
        for (int i = 0; i < rows; i++) {
            int off = i * cols;
            int c = 0;
            for (; c < vc; c += L) {
                FloatVector.fromArray(F, x, off + c).sub(FloatVector.fromArray(F, centre, c))
                        .mul(FloatVector.fromArray(F, mul, c)).add(FloatVector.fromArray(F, add, c))
                        .intoArray(y, off + c);
            }
            for (; c < cols; c++) {
                y[off + c] = (x[off + c] - centre[c]) * mul[c] + add[c];
            }
        }
    }

    @Override
    public void combineColumns(float[] dy, float[] x, int rows, int cols, float[] a, float[] b, float[] centre,
                               float[] d, float[] dx) {
        int vc = cols / L * L;
        for (int i = 0; i < rows; i++) {
            int off = i * cols;
            int c = 0;
            for (; c < vc; c += L) {
                FloatVector ady = FloatVector.fromArray(F, a, c).mul(FloatVector.fromArray(F, dy, off + c));
                FloatVector xc = FloatVector.fromArray(F, x, off + c).sub(FloatVector.fromArray(F, centre, c));
                ady.sub(FloatVector.fromArray(F, b, c).mul(xc)).sub(FloatVector.fromArray(F, d, c))
                        .intoArray(dx, off + c);
            }
            for (; c < cols; c++) {
                dx[off + c] = a[c] * dy[off + c] - b[c] * (x[off + c] - centre[c]) - d[c];
            }
        }
    }
}
