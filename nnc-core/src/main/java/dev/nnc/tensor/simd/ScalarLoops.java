package dev.nnc.tensor.simd;

import java.util.Arrays;

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

    @Override
    public void columnSums(float[] x, int rows, int cols, float[] centre, double[] sums, float[] part) {
        Arrays.fill(sums, 0, cols, 0.0);
        for (int i0 = 0; i0 < rows; i0 += ROW_BLOCK) {
            Arrays.fill(part, 0, cols, 0f);
            int i1 = Math.min(rows, i0 + ROW_BLOCK);
            for (int i = i0; i < i1; i++) {
                int off = i * cols;
                if (centre == null) {
                    for (int c = 0; c < cols; c++) {
                        part[c] += x[off + c];
                    }
                } else {
                    for (int c = 0; c < cols; c++) {
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
        for (int i0 = 0; i0 < rows; i0 += ROW_BLOCK) {
            Arrays.fill(part, 0, cols, 0f);
            Arrays.fill(part2, 0, cols, 0f);
            int i1 = Math.min(rows, i0 + ROW_BLOCK);
            for (int i = i0; i < i1; i++) {
                int off = i * cols;
                for (int c = 0; c < cols; c++) {
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
        for (int i = 0; i < rows; i++) {
            int off = i * cols;
            for (int c = 0; c < cols; c++) {
                y[off + c] = (x[off + c] - centre[c]) * mul[c] + add[c];
            }
        }
    }

    @Override
    public void combineColumns(float[] dy, float[] x, int rows, int cols, float[] a, float[] b, float[] centre,
                               float[] d, float[] dx) {
        for (int i = 0; i < rows; i++) {
            int off = i * cols;
            for (int c = 0; c < cols; c++) {
                dx[off + c] = a[c] * dy[off + c] - b[c] * (x[off + c] - centre[c]) - d[c];
            }
        }
    }

    @Override
    public void convolve(float[] x, int xOff, ConvShape s, float[] w, float[] bias, float[] out, int outOff) {
        int[] offsets = s.offsets();
        int taps = offsets.length;
        int oh = s.outHeight();
        int ow = s.outWidth();
        for (int f = 0; f < s.filters(); f++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    float a = bias[f];
                    int at = xOff + i * s.width() + j;
                    for (int t = 0; t < taps; t++) {
                        a = Math.fma(x[at + offsets[t]], w[f * taps + t], a);
                    }
                    out[outOff + (f * oh + i) * ow + j] = a;
                }
            }
        }
    }

    @Override
    public void convolveWeightLanes(float[] x, int xOff, ConvShape s, float[] dout, int dOff, float[] lanes) {
        int[] offsets = s.offsets();
        int taps = offsets.length;
        int oh = s.outHeight();
        int ow = s.outWidth();
        int whole = ow / LANES * LANES;
        float[] partial = new float[LANES];
        for (int f = 0; f < s.filters(); f++) {
            for (int t = 0; t < taps; t++) {
                int l0 = (f * taps + t) * LANES;
                Arrays.fill(partial, 0f);
                for (int i = 0; i < oh; i++) {
                    int xr = xOff + offsets[t] + i * s.width();
                    int dr = dOff + (f * oh + i) * ow;
                    for (int j = 0; j < whole; j++) {
                        partial[j % LANES] = Math.fma(dout[dr + j], x[xr + j], partial[j % LANES]);
                    }
                }
                for (int l = 0; l < LANES; l++) {
                    lanes[l0 + l] += partial[l];
                }
                for (int i = 0; i < oh; i++) {
                    int xr = xOff + offsets[t] + i * s.width();
                    int dr = dOff + (f * oh + i) * ow;
                    for (int j = whole; j < ow; j++) {
                        lanes[l0 + j % LANES] = Math.fma(dout[dr + j], x[xr + j], lanes[l0 + j % LANES]);
                    }
                }
            }
        }
    }

    /*
     * The run sums below emulate the vector loops' 2·LANES float partials lane by lane: partial l and l + LANES
     * of one block are formed in two float accumulators, added, and the result added to the total, l in order.
     */

    @Override
    public double runSum(float[] x, int from, int len, float[] part) {
        int step = 2 * LANES;
        int vectorEnd = from + len / step * step;
        double total = 0;
        for (int b = from; b < vectorEnd; b += RUN_BLOCK) {
            int blockEnd = Math.min(vectorEnd, b + RUN_BLOCK);
            for (int l = 0; l < LANES; l++) {
                float a0 = 0f;
                float a1 = 0f;
                for (int i = b + l; i < blockEnd; i += step) {
                    a0 += x[i];
                    a1 += x[i + LANES];
                }
                total += a0 + a1;
            }
        }
        for (int i = vectorEnd, end = from + len; i < end; i++) {
            total += x[i];
        }
        return total;
    }

    @Override
    public double runSquaredDeviations(float[] x, int from, int len, float centre, float[] part) {
        int step = 2 * LANES;
        int vectorEnd = from + len / step * step;
        double total = 0;
        for (int b = from; b < vectorEnd; b += RUN_BLOCK) {
            int blockEnd = Math.min(vectorEnd, b + RUN_BLOCK);
            for (int l = 0; l < LANES; l++) {
                float a0 = 0f;
                float a1 = 0f;
                for (int i = b + l; i < blockEnd; i += step) {
                    float d0 = x[i] - centre;
                    float d1 = x[i + LANES] - centre;
                    a0 += d0 * d0;
                    a1 += d1 * d1;
                }
                total += a0 + a1;
            }
        }
        for (int i = vectorEnd, end = from + len; i < end; i++) {
            float d = x[i] - centre;
            total += d * d;
        }
        return total;
    }

    @Override
    public void runGradientSums(float[] dy, float[] x, int from, int len, float centre, double[] sumDy,
                                double[] sumDyXc, int at, float[] part) {
        int step = 2 * LANES;
        int vectorEnd = from + len / step * step;
        double tDy = 0;
        double tDyX = 0;
        for (int b = from; b < vectorEnd; b += RUN_BLOCK) {
            int blockEnd = Math.min(vectorEnd, b + RUN_BLOCK);
            for (int l = 0; l < LANES; l++) {
                float g0 = 0f;
                float g1 = 0f;
                float p0 = 0f;
                float p1 = 0f;
                for (int i = b + l; i < blockEnd; i += step) {
                    g0 += dy[i];
                    g1 += dy[i + LANES];
                    p0 += dy[i] * (x[i] - centre);
                    p1 += dy[i + LANES] * (x[i + LANES] - centre);
                }
                tDy += g0 + g1;
                tDyX += p0 + p1;
            }
        }
        for (int i = vectorEnd, end = from + len; i < end; i++) {
            tDy += dy[i];
            tDyX += dy[i] * (x[i] - centre);
        }
        sumDy[at] += tDy;
        sumDyXc[at] += tDyX;
    }
}
