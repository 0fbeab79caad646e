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

    /**
     * Blocks of three filters by three vectors of output columns: each tap loads three input vectors and
     * three weights for nine multiply-adds, with the nine accumulators in registers. The taps run as one
     * flat loop through {@link ConvShape#offsets}: C2 keeps vectors in registers through one loop's phis but
     * boxes them through a nest of loops. Leftover columns take one vector at a time, then one column at a
     * time; leftover filters one at a time.
     */
    @Override
    public void convolve(float[] x, int xOff, ConvShape s, float[] w, float[] bias, float[] out, int outOff) {
        int oh = s.outHeight();
        int ow = s.outWidth();
        int plane = oh * ow;
        int whole = ow / L * L;
        int blocked = s.filters() / 3 * 3;
        for (int f = 0; f < s.filters(); f += f < blocked ? 3 : 1) {
            for (int i = 0; i < oh; i++) {
                int xr = xOff + i * s.width();
                int o = outOff + f * plane + i * ow;
                int j = 0;
                if (f < blocked) {
                    for (; j + 3 * L <= ow; j += 3 * L) {
                        convolve3x3(x, xr + j, s, w, f, bias, out, o + j, plane);
                    }
                    for (; j < whole; j += L) {
                        convolve3x1(x, xr + j, s, w, f, bias, out, o + j, plane);
                    }
                    for (int q = 0; q < 3; q++) {
                        convolveColumns(x, xr, s, w, f + q, bias[f + q], j, ow, out, o + q * plane);
                    }
                } else {
                    for (; j < whole; j += L) {
                        convolve1x1(x, xr + j, s, w, f, bias[f], out, o + j);
                    }
                    convolveColumns(x, xr, s, w, f, bias[f], j, ow, out, o);
                }
            }
        }
    }

    private static void convolve3x3(float[] x, int at, ConvShape s, float[] w, int f, float[] bias, float[] out,
                                    int o, int plane) {
        int[] offsets = s.offsets();
        int taps = offsets.length;
        int w0 = f * taps;
        FloatVector a00 = FloatVector.broadcast(F, bias[f]);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = FloatVector.broadcast(F, bias[f + 1]);
        FloatVector a11 = a10;
        FloatVector a12 = a10;
        FloatVector a20 = FloatVector.broadcast(F, bias[f + 2]);
        FloatVector a21 = a20;
        FloatVector a22 = a20;
        for (int t = 0; t < taps; t++) {
            int p = at + offsets[t];
            FloatVector v0 = FloatVector.fromArray(F, x, p);
            FloatVector v1 = FloatVector.fromArray(F, x, p + L);
            FloatVector v2 = FloatVector.fromArray(F, x, p + 2 * L);
            FloatVector k = FloatVector.broadcast(F, w[w0 + t]);
            a00 = v0.fma(k, a00);
            a01 = v1.fma(k, a01);
            a02 = v2.fma(k, a02);
            k = FloatVector.broadcast(F, w[w0 + taps + t]);
            a10 = v0.fma(k, a10);
            a11 = v1.fma(k, a11);
            a12 = v2.fma(k, a12);
            k = FloatVector.broadcast(F, w[w0 + 2 * taps + t]);
            a20 = v0.fma(k, a20);
            a21 = v1.fma(k, a21);
            a22 = v2.fma(k, a22);
        }
        a00.intoArray(out, o);
        a01.intoArray(out, o + L);
        a02.intoArray(out, o + 2 * L);
        a10.intoArray(out, o + plane);
        a11.intoArray(out, o + plane + L);
        a12.intoArray(out, o + plane + 2 * L);
        a20.intoArray(out, o + 2 * plane);
        a21.intoArray(out, o + 2 * plane + L);
        a22.intoArray(out, o + 2 * plane + 2 * L);
    }

    private static void convolve3x1(float[] x, int at, ConvShape s, float[] w, int f, float[] bias, float[] out,
                                    int o, int plane) {
        int[] offsets = s.offsets();
        int taps = offsets.length;
        int w0 = f * taps;
        FloatVector a0 = FloatVector.broadcast(F, bias[f]);
        FloatVector a1 = FloatVector.broadcast(F, bias[f + 1]);
        FloatVector a2 = FloatVector.broadcast(F, bias[f + 2]);
        for (int t = 0; t < taps; t++) {
            FloatVector v = FloatVector.fromArray(F, x, at + offsets[t]);
            a0 = v.fma(FloatVector.broadcast(F, w[w0 + t]), a0);
            a1 = v.fma(FloatVector.broadcast(F, w[w0 + taps + t]), a1);
            a2 = v.fma(FloatVector.broadcast(F, w[w0 + 2 * taps + t]), a2);
        }
        a0.intoArray(out, o);
        a1.intoArray(out, o + plane);
        a2.intoArray(out, o + 2 * plane);
    }

    private static void convolve1x1(float[] x, int at, ConvShape s, float[] w, int f, float bias, float[] out,
                                    int o) {
        int[] offsets = s.offsets();
        int taps = offsets.length;
        int w0 = f * taps;
        FloatVector a = FloatVector.broadcast(F, bias);
        for (int t = 0; t < taps; t++) {
            a = FloatVector.fromArray(F, x, at + offsets[t]).fma(FloatVector.broadcast(F, w[w0 + t]), a);
        }
        a.intoArray(out, o);
    }

    /** Output columns [from, to) of one row of filter f, one at a time, in the scalar loop's order. */
    private static void convolveColumns(float[] x, int xr, ConvShape s, float[] w, int f, float bias, int from,
                                        int to, float[] out, int o) {
        int[] offsets = s.offsets();
        int taps = offsets.length;
        for (int j = from; j < to; j++) {
            float a = bias;
            for (int t = 0; t < taps; t++) {
                a = Math.fma(x[xr + j + offsets[t]], w[f * taps + t], a);
            }
            out[o + j] = a;
        }
    }

    /**
     * Blocks of three filters by three taps: each whole vector of columns loads three input vectors (one per
     * tap) and three output-gradient vectors (one per filter) for nine multiply-adds. The rows and vectors
     * of a plane run as one flat loop, for the reason given at {@link #convolve}. Leftover taps and filters go
     * one pair at a time.
     */
    @Override
    public void convolveWeightLanes(float[] x, int xOff, ConvShape s, float[] dout, int dOff, float[] lanes) {
        int taps = s.offsets().length;
        int filterBlocks = s.filters() / 3 * 3;
        int tapBlocks = taps / 3 * 3;
        int ow = s.outWidth();
        int whole = ow / L * L;
        if (whole > 0) {
            for (int f = 0; f < filterBlocks; f += 3) {
                for (int t = 0; t < tapBlocks; t += 3) {
                    weightLanes3x3(x, xOff, s, dout, dOff, f, t, lanes);
                }
            }
            for (int f = 0; f < s.filters(); f++) {
                // the taps past the last block for the blocked filters, every tap for the others
                for (int t = f < filterBlocks ? tapBlocks : 0; t < taps; t++) {
                    weightLanes1x1(x, xOff, s, dout, dOff, f, t, lanes);
                }
            }
        }
        if (whole < ow) {
            for (int f = 0; f < s.filters(); f++) {
                for (int t = 0; t < taps; t++) {
                    weightColumns(x, xOff, s, dout, dOff, f, t, whole, lanes);
                }
            }
        }
    }

    private static void weightLanes3x3(float[] x, int xOff, ConvShape s, float[] dout, int dOff, int f, int t,
                                       float[] lanes) {
        int[] offsets = s.offsets();
        int ow = s.outWidth();
        int plane = s.outHeight() * ow;
        int x0 = xOff + offsets[t];
        int x1 = xOff + offsets[t + 1];
        int x2 = xOff + offsets[t + 2];
        int d0 = dOff + f * plane;
        FloatVector a00 = FloatVector.zero(F);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        // One counted loop over the whole vectors of all rows, through ConvShape's tables: C2 keeps vector
        // accumulators in registers through a counted loop, but not reliably through a nest of loops.
        int[] inX = s.vectorsInInput();
        int[] inOut = s.vectorsInOutput();
        for (int k = 0; k < inX.length; k++) {
            int xi = inX[k];
            int di = d0 + inOut[k];
            FloatVector v0 = FloatVector.fromArray(F, x, x0 + xi);
            FloatVector v1 = FloatVector.fromArray(F, x, x1 + xi);
            FloatVector v2 = FloatVector.fromArray(F, x, x2 + xi);
            FloatVector g = FloatVector.fromArray(F, dout, di);
            a00 = g.fma(v0, a00);
            a01 = g.fma(v1, a01);
            a02 = g.fma(v2, a02);
            g = FloatVector.fromArray(F, dout, di + plane);
            a10 = g.fma(v0, a10);
            a11 = g.fma(v1, a11);
            a12 = g.fma(v2, a12);
            g = FloatVector.fromArray(F, dout, di + 2 * plane);
            a20 = g.fma(v0, a20);
            a21 = g.fma(v1, a21);
            a22 = g.fma(v2, a22);
        }
        int taps = offsets.length;
        int l0 = (f * taps + t) * L;
        int step = taps * L;
        addLanes(a00, lanes, l0);
        addLanes(a01, lanes, l0 + L);
        addLanes(a02, lanes, l0 + 2 * L);
        addLanes(a10, lanes, l0 + step);
        addLanes(a11, lanes, l0 + step + L);
        addLanes(a12, lanes, l0 + step + 2 * L);
        addLanes(a20, lanes, l0 + 2 * step);
        addLanes(a21, lanes, l0 + 2 * step + L);
        addLanes(a22, lanes, l0 + 2 * step + 2 * L);
    }

    private static void weightLanes1x1(float[] x, int xOff, ConvShape s, float[] dout, int dOff, int f, int t,
                                       float[] lanes) {
        int ow = s.outWidth();
        int x0 = xOff + s.offsets()[t];
        int d0 = dOff + f * s.outHeight() * ow;
        FloatVector a = FloatVector.zero(F);
        int[] inX = s.vectorsInInput();
        int[] inOut = s.vectorsInOutput();
        for (int k = 0; k < inX.length; k++) {
            a = FloatVector.fromArray(F, dout, d0 + inOut[k]).fma(FloatVector.fromArray(F, x, x0 + inX[k]), a);
        }
        addLanes(a, lanes, (f * s.offsets().length + t) * L);
    }

    private static void addLanes(FloatVector partial, float[] lanes, int at) {
        FloatVector.fromArray(F, lanes, at).add(partial).intoArray(lanes, at);
    }

    /** Columns [from, ow) of every row for one (filter, tap), straight into their lanes. */
    private static void weightColumns(float[] x, int xOff, ConvShape s, float[] dout, int dOff, int f, int t,
                                      int from, float[] lanes) {
        int ow = s.outWidth();
        int l0 = (f * s.offsets().length + t) * L;
        int x0 = xOff + s.offsets()[t];
        int d0 = dOff + f * s.outHeight() * ow;
        for (int i = 0; i < s.outHeight(); i++) {
            for (int j = from; j < ow; j++) {
                lanes[l0 + j % L] = Math.fma(dout[d0 + i * ow + j], x[x0 + i * s.width() + j], lanes[l0 + j % L]);
            }
        }
    }

    // The run sums: one flat loop per block of up to RUN_BLOCK values with two vector accumulators (the add's
    // latency would otherwise bound the loop), their sum stored to the caller's scratch and added to the double
    // total lane by lane, as ScalarLoops does it. Neither lane extraction nor a vector living through a nest of
    // loops: C2 has compiled both to boxed vectors here.

    @Override
    public double runSum(float[] x, int from, int len, float[] part) {
        int vectorEnd = from + len / (2 * L) * (2 * L);
        double total = 0;
        for (int b = from; b < vectorEnd; b += RUN_BLOCK) {
            blockSum(x, b, Math.min(vectorEnd, b + RUN_BLOCK), part);
            for (int lane = 0; lane < L; lane++) {
                total += part[lane];
            }
        }
        for (int i = vectorEnd, end = from + len; i < end; i++) {
            total += x[i];
        }
        return total;
    }

    private static void blockSum(float[] x, int from, int to, float[] part) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        for (int i = from; i < to; i += 2 * L) {
            acc0 = acc0.add(FloatVector.fromArray(F, x, i));
            acc1 = acc1.add(FloatVector.fromArray(F, x, i + L));
        }
        acc0.add(acc1).intoArray(part, 0);
    }

    @Override
    public double runSquaredDeviations(float[] x, int from, int len, float centre, float[] part) {
        int vectorEnd = from + len / (2 * L) * (2 * L);
        double total = 0;
        for (int b = from; b < vectorEnd; b += RUN_BLOCK) {
            blockSquares(x, b, Math.min(vectorEnd, b + RUN_BLOCK), centre, part);
            for (int lane = 0; lane < L; lane++) {
                total += part[lane];
            }
        }
        for (int i = vectorEnd, end = from + len; i < end; i++) {
            float d = x[i] - centre;
            total += d * d;
        }
        return total;
    }

    private static void blockSquares(float[] x, int from, int to, float centre, float[] part) {
        FloatVector c = FloatVector.broadcast(F, centre);
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        for (int i = from; i < to; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(F, x, i).sub(c);
            FloatVector d1 = FloatVector.fromArray(F, x, i + L).sub(c);
            acc0 = acc0.add(d0.mul(d0));
            acc1 = acc1.add(d1.mul(d1));
        }
        acc0.add(acc1).intoArray(part, 0);
    }

    @Override
    public void runGradientSums(float[] dy, float[] x, int from, int len, float centre, double[] sumDy,
                                double[] sumDyXc, int at, float[] part) {
        int vectorEnd = from + len / (2 * L) * (2 * L);
        double tDy = 0;
        double tDyX = 0;
        for (int b = from; b < vectorEnd; b += RUN_BLOCK) {
            blockGradientSums(dy, x, b, Math.min(vectorEnd, b + RUN_BLOCK), centre, part);
            for (int lane = 0; lane < L; lane++) {
                tDy += part[lane];
                tDyX += part[L + lane];
            }
        }
        for (int i = vectorEnd, end = from + len; i < end; i++) {
            tDy += dy[i];
            tDyX += dy[i] * (x[i] - centre);
        }
        sumDy[at] += tDy;
        sumDyXc[at] += tDyX;
    }

    private static void blockGradientSums(float[] dy, float[] x, int from, int to, float centre, float[] part) {
        FloatVector c = FloatVector.broadcast(F, centre);
        FloatVector g0 = FloatVector.zero(F);
        FloatVector g1 = FloatVector.zero(F);
        FloatVector p0 = FloatVector.zero(F);
        FloatVector p1 = FloatVector.zero(F);
        for (int i = from; i < to; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(F, dy, i);
            FloatVector d1 = FloatVector.fromArray(F, dy, i + L);
            g0 = g0.add(d0);
            g1 = g1.add(d1);
            p0 = p0.add(d0.mul(FloatVector.fromArray(F, x, i).sub(c)));
            p1 = p1.add(d1.mul(FloatVector.fromArray(F, x, i + L).sub(c)));
        }
        g0.add(g1).intoArray(part, 0);
        p0.add(p1).intoArray(part, L);
    }
}
