package dev.nnc.tensor.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The vector loops against the scalar reference, and the choice between them. */
class SimdTest {

    /** Whether this JVM runs 256-bit vectors (not under the build's -XX:MaxVectorSize=16 execution). */
    private static final boolean WIDE = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;

    private final Loops scalar = new ScalarLoops();
    /** The loops under test; refused (null) on narrower vectors, where nnc runs the scalar ones. */
    private final Loops vector = WIDE ? new VectorLoops() : null;

    /** Tests of the vector loops need them; the tests of the choice run at every width. */
    @BeforeEach
    void needsTheVectorLoops(TestInfo test) {
        String name = test.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
        if (!name.equals("picksTheVectorLoopsWhenTheModuleIsPresentAndTheCpuHas256BitVectors")
                && !name.equals("fallsBackToScalarInAPlainJvm")) {
            assumeTrue(WIDE, "no 256-bit vectors in this JVM: the vector loops are refused (checked above)");
        }
    }

    @Test
    void picksTheVectorLoopsWhenTheModuleIsPresentAndTheCpuHas256BitVectors() {
        // surefire runs with --add-modules jdk.incubator.vector (see pom.xml).
        assertEquals(WIDE ? "vector-256" : "scalar", Simd.name());
        if (!WIDE) {
            assertThrows(UnsupportedOperationException.class, VectorLoops::new);
        }
    }

    @Test
    void fallsBackToScalarInAPlainJvm() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", cp, SimdFallbackProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        assertEquals("scalar 30.0", out);
    }

    @Test
    void bytesGiveTheSameBitsAsTheScalarLoopForEveryLengthAndOffset() {
        SplittableRandom r = new SplittableRandom(3);
        byte[] src = new byte[900];
        r.nextBytes(src);
        float[] mul = new float[800];
        float[] add = new float[800];
        for (int j = 0; j < mul.length; j++) {
            mul[j] = (float) r.nextDouble(-2, 2);
            add[j] = (float) r.nextDouble(-3, 3);
        }
        for (int n : new int[] {0, 1, 7, 8, 9, 63, 784}) {
            for (int from : new int[] {0, 5, 100}) {
                float[] want = new float[n + 4];
                float[] got = new float[n + 4];
                scalar.scaleShiftBytes(src, from, mul, add, want, 3, n);
                vector.scaleShiftBytes(src, from, mul, add, got, 3, n);
                assertArrayEquals(want, got, "n " + n + " from " + from);
            }
        }
    }

    @Test
    void bytesAreReadUnsigned() {
        byte[] src = new byte[16];
        for (int i = 0; i < 16; i++) {
            src[i] = (byte) (250 + i); // 250..255 then 0..9
        }
        float[] ones = new float[16];
        java.util.Arrays.fill(ones, 1f);
        float[] got = new float[16];
        vector.scaleShiftBytes(src, 0, ones, new float[16], got, 0, 16);
        for (int i = 0; i < 16; i++) {
            assertEquals((250 + i) % 256, got[i], "byte " + i);
        }
    }

    @Test
    void sumOfSquaresMatchesADoubleSumToFloatRounding() {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {0, 1, 15, 16, 17, 255, 256, 257, 10_000, 78_400}) {
            float[] a = new float[n + 7];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
            double want = 0;
            for (int i = 7; i < n + 7; i++) {
                want += (double) a[i] * a[i];
            }
            double got = vector.sumOfSquares(a, 7, n);
            assertEquals(want, got, 1e-6 * Math.max(1, want), "n " + n);
            assertEquals(want, scalar.sumOfSquares(a, 7, n), 1e-12 * Math.max(1, want), "scalar n " + n);
            assertEquals(got, vector.sumOfSquares(a, 7, n), "the same bits on every call");
        }
    }

    @Test
    void sumOfSquaresReadsOnlyItsRange() {
        float[] a = {100f, 1f, 2f, 3f, 100f};
        assertEquals(14.0, vector.sumOfSquares(a, 1, 3));
        assertEquals(14.0, scalar.sumOfSquares(a, 1, 3));
        assertTrue(Double.isNaN(vector.sumOfSquares(new float[] {Float.NaN}, 0, 1)));
    }

    /** Shapes with a vector body and a tail, fewer rows than a block, a partial last block. */
    private static final int[][] SHAPES = {{1, 1}, {3, 7}, {16, 8}, {17, 100}, {100, 100}, {33, 19}};

    private static float[] randomFloats(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void columnSumsGiveTheSameBitsAsTheScalarLoopAndTheRightTotals() {
        SplittableRandom r = new SplittableRandom(11);
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            float[] x = randomFloats(r, rows * cols);
            float[] centre = randomFloats(r, cols);
            for (float[] c : new float[][] {null, centre}) {
                double[] want = new double[cols];
                double[] got = new double[cols];
                java.util.Arrays.fill(got, 99); // overwritten, not accumulated
                scalar.columnSums(x, rows, cols, c, want, new float[cols]);
                vector.columnSums(x, rows, cols, c, got, new float[cols]);
                assertArrayEquals(want, got, rows + "x" + cols);
                for (int j = 0; j < cols; j++) {
                    double exact = 0;
                    for (int i = 0; i < rows; i++) {
                        double v = x[i * cols + j] - (c == null ? 0 : (double) c[j]);
                        exact += c == null ? v : v * v;
                    }
                    assertEquals(exact, got[j], 1e-5 * (1 + Math.abs(exact)), "column " + j);
                }
            }
        }
    }

    @Test
    void gradientSumsGiveTheSameBitsAsTheScalarLoopAndTheRightTotals() {
        SplittableRandom r = new SplittableRandom(12);
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            float[] dy = randomFloats(r, rows * cols);
            float[] x = randomFloats(r, rows * cols);
            float[] centre = randomFloats(r, cols);
            double[] wantDy = new double[cols];
            double[] wantDyX = new double[cols];
            double[] gotDy = new double[cols];
            double[] gotDyX = new double[cols];
            scalar.columnGradientSums(dy, x, rows, cols, centre, wantDy, wantDyX, new float[cols], new float[cols]);
            vector.columnGradientSums(dy, x, rows, cols, centre, gotDy, gotDyX, new float[cols], new float[cols]);
            assertArrayEquals(wantDy, gotDy);
            assertArrayEquals(wantDyX, gotDyX);
            for (int j = 0; j < cols; j++) {
                double sumDy = 0;
                double sumDyX = 0;
                for (int i = 0; i < rows; i++) {
                    sumDy += dy[i * cols + j];
                    sumDyX += dy[i * cols + j] * ((double) x[i * cols + j] - centre[j]);
                }
                assertEquals(sumDy, gotDy[j], 1e-5 * (1 + Math.abs(sumDy)));
                assertEquals(sumDyX, gotDyX[j], 1e-5 * (1 + Math.abs(sumDyX)));
            }
        }
    }

    @Test
    void columnMapsGiveTheSameBitsAsTheScalarLoopAndTheFormula() {
        SplittableRandom r = new SplittableRandom(13);
        for (int[] shape : SHAPES) {
            int rows = shape[0];
            int cols = shape[1];
            float[] x = randomFloats(r, rows * cols);
            float[] dy = randomFloats(r, rows * cols);
            float[] centre = randomFloats(r, cols);
            float[] a = randomFloats(r, cols);
            float[] b = randomFloats(r, cols);
            float[] d = randomFloats(r, cols);
            float[] want = new float[rows * cols];
            float[] got = new float[rows * cols];
            scalar.normalizeColumns(x, rows, cols, centre, a, b, want);
            vector.normalizeColumns(x, rows, cols, centre, a, b, got);
            assertArrayEquals(want, got);
            int last = rows * cols - 1;
            assertEquals((x[last] - centre[cols - 1]) * a[cols - 1] + b[cols - 1], got[last]);
            scalar.combineColumns(dy, x, rows, cols, a, b, centre, d, want);
            vector.combineColumns(dy, x, rows, cols, a, b, centre, d, got);
            assertArrayEquals(want, got);
            assertEquals(a[0] * dy[0] - b[0] * (x[0] - centre[0]) - d[0], got[0]);
        }
    }

    /** (channels, height, width, filters, size): whole vectors, leftover columns and filters, several taps. */
    private static final int[][] CONV_SHAPES = {
        {1, 28, 28, 30, 5}, {1, 12, 10, 4, 3}, {2, 9, 20, 7, 2}, {3, 5, 5, 1, 5}, {1, 4, 35, 3, 1}};

    @Test
    void convolutionGivesTheSameBitsAsTheScalarLoopAndTheFormula() {
        SplittableRandom r = new SplittableRandom(17);
        for (int[] d : CONV_SHAPES) {
            ConvShape s = new ConvShape(d[0], d[1], d[2], d[3], d[4]);
            int oh = s.outHeight();
            int ow = s.outWidth();
            float[] x = randomFloats(r, 2 + d[0] * d[1] * d[2]);
            float[] w = randomFloats(r, s.filters() * s.taps());
            float[] bias = randomFloats(r, s.filters());
            float[] want = new float[3 + s.filters() * oh * ow];
            float[] got = new float[want.length];
            scalar.convolve(x, 2, s, w, bias, want, 3);
            vector.convolve(x, 2, s, w, bias, got, 3);
            assertArrayEquals(want, got, "shape " + java.util.Arrays.toString(d));
            int f = s.filters() - 1;
            int i = oh - 1;
            int j = ow - 1;
            double formula = bias[f];
            for (int c = 0; c < d[0]; c++) {
                for (int ki = 0; ki < d[4]; ki++) {
                    for (int kj = 0; kj < d[4]; kj++) {
                        formula += (double) w[((f * d[0] + c) * d[4] + ki) * d[4] + kj]
                                * x[2 + (c * d[1] + i + ki) * d[2] + j + kj];
                    }
                }
            }
            assertEquals(formula, got[3 + (f * oh + i) * ow + j], 1e-5);
            assertEquals(0f, got[0]); // nothing written before outOff
        }
    }

    @Test
    void weightLanesGiveTheSameBitsAsTheScalarLoopAndSumToTheGradient() {
        SplittableRandom r = new SplittableRandom(19);
        for (int[] d : CONV_SHAPES) {
            ConvShape s = new ConvShape(d[0], d[1], d[2], d[3], d[4]);
            int oh = s.outHeight();
            int ow = s.outWidth();
            float[] x = randomFloats(r, 1 + d[0] * d[1] * d[2]);
            float[] dout = randomFloats(r, 4 + s.filters() * oh * ow);
            float[] want = randomFloats(r, s.filters() * s.taps() * Simd.LANES); // lanes are added to
            float[] got = want.clone();
            float[] start = want.clone();
            scalar.convolveWeightLanes(x, 1, s, dout, 4, want);
            vector.convolveWeightLanes(x, 1, s, dout, 4, got);
            assertArrayEquals(want, got, "shape " + java.util.Arrays.toString(d));
            for (int f = 0; f < s.filters(); f++) {
                for (int t = 0; t < s.taps(); t++) {
                    int c = t / (d[4] * d[4]);
                    int ki = t / d[4] % d[4];
                    int kj = t % d[4];
                    double grad = 0;
                    double lanes = 0;
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            grad += (double) dout[4 + (f * oh + i) * ow + j] * x[1 + (c * d[1] + i + ki) * d[2] + j + kj];
                        }
                    }
                    for (int l = 0; l < Simd.LANES; l++) {
                        lanes += got[(f * s.taps() + t) * Simd.LANES + l] - start[(f * s.taps() + t) * Simd.LANES + l];
                    }
                    assertEquals(grad, lanes, 1e-4 * (1 + Math.abs(grad)), "f " + f + " t " + t);
                }
            }
        }
    }

    /** Run lengths around the vector chunk (16) and the block (256): empty, tail only, whole, several blocks. */
    private static final int[] RUNS = {0, 5, 16, 17, 49, 196, 256, 257, 784, 1000};

    @Test
    void runSumsGiveTheSameBitsAsTheScalarLoopAndTheRightTotals() {
        SplittableRandom r = new SplittableRandom(31);
        float[] part = new float[4 * Loops.LANES];
        for (int len : RUNS) {
            float[] x = randomFloats(r, len + 6);
            float[] dy = randomFloats(r, len + 6);
            float centre = (float) r.nextGaussian();
            int from = 3;
            double sum = 0;
            double sq = 0;
            double sumDy = 0;
            double sumDyX = 0;
            for (int k = from; k < from + len; k++) {
                sum += x[k];
                sq += ((double) x[k] - centre) * ((double) x[k] - centre);
                sumDy += dy[k];
                sumDyX += dy[k] * ((double) x[k] - centre);
            }
            assertEquals(scalar.runSum(x, from, len, part), vector.runSum(x, from, len, part), "sum of " + len);
            assertEquals(scalar.runSquaredDeviations(x, from, len, centre, part),
                    vector.runSquaredDeviations(x, from, len, centre, part), "squares of " + len);
            assertEquals(sum, vector.runSum(x, from, len, part), 1e-5 * (1 + Math.abs(sum)));
            assertEquals(sq, vector.runSquaredDeviations(x, from, len, centre, part), 1e-5 * (1 + sq));
            double[] want = {0.5, 0.25, 7};
            double[] want2 = {1.5, 0.75, 9};
            double[] got = want.clone();
            double[] got2 = want2.clone();
            scalar.runGradientSums(dy, x, from, len, centre, want, want2, 1, part);
            vector.runGradientSums(dy, x, from, len, centre, got, got2, 1, part);
            assertArrayEquals(want, got, "dy sums of " + len);
            assertArrayEquals(want2, got2, "dy·x sums of " + len);
            assertEquals(0.5, got[0]); // only entry 1 changes
            assertEquals(9.0, got2[2]);
            assertEquals(0.25 + sumDy, got[1], 1e-5 * (1 + Math.abs(sumDy)));
            assertEquals(0.75 + sumDyX, got2[1], 1e-5 * (1 + Math.abs(sumDyX)));
        }
    }

    @Test
    void theProbeRejectsLoopsThatDisagree() {
        assertTrue(Simd.agreesWithScalar(vector));
        assertFalse(Simd.agreesWithScalar(new ScalarDelegate() {
            @Override
            public double sumOfSquares(float[] a, int from, int n) {
                return super.sumOfSquares(a, from, n) + 1;
            }
        }));
        assertFalse(Simd.agreesWithScalar(new ScalarDelegate() {
            @Override
            public void columnSums(float[] x, int rows, int cols, float[] centre, double[] sums, float[] part) {
                super.columnSums(x, rows - 1, cols, centre, sums, part); // drops the last row
            }
        }));
        assertFalse(Simd.agreesWithScalar(new ScalarDelegate() {
            @Override
            public void convolve(float[] x, int xOff, ConvShape s, float[] w, float[] bias, float[] out, int outOff) {
                super.convolve(x, xOff + 1, s, w, bias, out, outOff); // one column off
            }
        }));
        assertFalse(Simd.agreesWithScalar(new ScalarDelegate() {
            @Override
            public double runSquaredDeviations(float[] x, int from, int len, float centre, float[] part) {
                return super.runSquaredDeviations(x, from, len - 1, centre, part); // drops the last value
            }
        }));
    }

    /** The scalar loops, open for a test to break one method. */
    private static class ScalarDelegate implements Loops {
        private final Loops scalar = new ScalarLoops();

        @Override
        public String name() {
            return "delegate";
        }

        @Override
        public double sumOfSquares(float[] a, int from, int n) {
            return scalar.sumOfSquares(a, from, n);
        }

        @Override
        public void scaleShiftBytes(byte[] src, int from, float[] mul, float[] add, float[] dst, int off, int n) {
            scalar.scaleShiftBytes(src, from, mul, add, dst, off, n);
        }

        @Override
        public void columnSums(float[] x, int rows, int cols, float[] centre, double[] sums, float[] part) {
            scalar.columnSums(x, rows, cols, centre, sums, part);
        }

        @Override
        public void columnGradientSums(float[] dy, float[] x, int rows, int cols, float[] centre, double[] sumDy,
                                       double[] sumDyXc, float[] part, float[] part2) {
            scalar.columnGradientSums(dy, x, rows, cols, centre, sumDy, sumDyXc, part, part2);
        }

        @Override
        public void normalizeColumns(float[] x, int rows, int cols, float[] centre, float[] mul, float[] add,
                                     float[] y) {
            scalar.normalizeColumns(x, rows, cols, centre, mul, add, y);
        }

        @Override
        public void combineColumns(float[] dy, float[] x, int rows, int cols, float[] a, float[] b,
                                   float[] centre, float[] d, float[] dx) {
            scalar.combineColumns(dy, x, rows, cols, a, b, centre, d, dx);
        }

        @Override
        public void convolve(float[] x, int xOff, ConvShape s, float[] w, float[] bias, float[] out, int outOff) {
            scalar.convolve(x, xOff, s, w, bias, out, outOff);
        }

        @Override
        public void convolveWeightLanes(float[] x, int xOff, ConvShape s, float[] dout, int dOff, float[] lanes) {
            scalar.convolveWeightLanes(x, xOff, s, dout, dOff, lanes);
        }

        @Override
        public double runSum(float[] x, int from, int len, float[] part) {
            return scalar.runSum(x, from, len, part);
        }

        @Override
        public double runSquaredDeviations(float[] x, int from, int len, float centre, float[] part) {
            return scalar.runSquaredDeviations(x, from, len, centre, part);
        }

        @Override
        public void runGradientSums(float[] dy, float[] x, int from, int len, float centre, double[] sumDy,
                                    double[] sumDyXc, int at, float[] part) {
            scalar.runGradientSums(dy, x, from, len, centre, sumDy, sumDyXc, at, part);
        }
    }
}
