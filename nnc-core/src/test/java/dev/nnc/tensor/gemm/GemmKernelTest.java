package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every available kernel, alone and split over two threads by a {@link GemmPool}, against {@link NaiveGemm}
 * on random operands: all four transpose combinations, odd sizes, offsets and padded leading dimensions,
 * beta in {0, 1, 0.5} (beta 0 must ignore NaN in C), alpha != 1, both precisions.
 */
class GemmKernelTest {

    private static final int[][] SIZES = {
        {1, 1, 1}, {7, 5, 3}, {1, 33, 7}, {33, 1, 130}, {13, 17, 1}, {130, 33, 7}, {6, 16, 256}, {12, 32, 257},
        {97, 130, 300}, {200, 35, 40}, {25, 30, 700}, {5, 600, 9},
    };
    private static final double[] BETAS = {0.0, 1.0, 0.5};

    private static GemmPool pool2;

    @BeforeAll
    static void startPool() {
        pool2 = new GemmPool(2);
    }

    @AfterAll
    static void stopPool() {
        pool2.close();
    }

    static Stream<Arguments> kernels() {
        List<Arguments> list = new ArrayList<>();
        for (GemmKernel k : GemmKernels.available()) {
            list.add(Arguments.of(k.name(), k));
        }
        return list.stream();
    }

    @Test
    void theVectorKernelIsAvailableUnderTheSurefireFlags() {
        // surefire passes --add-modules jdk.incubator.vector; without it this path would silently be lost.
        assertTrue(GemmKernels.vector().isPresent(), "Vector API kernel should load in tests");
        assertTrue(GemmKernels.available().stream().anyMatch(k -> k instanceof BlockedGemm));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void matchesNaiveInFloat64(String name, GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int[] s : SIZES) {
            for (int t = 0; t < 4; t++) {
                for (double beta : BETAS) {
                    for (int threads = 1; threads <= 2; threads++) {
                        checkDouble(kernel, threads, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], beta, rnd);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void matchesNaiveInFloat32(String name, GemmKernel kernel) {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int[] s : SIZES) {
            for (int t = 0; t < 4; t++) {
                for (double beta : BETAS) {
                    for (int threads = 1; threads <= 2; threads++) {
                        checkFloat(kernel, threads, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], beta, rnd);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void twoThreadsSplitLargeProductsAlongEachAxis(String name, GemmKernel kernel) {
        // Shapes above the pool's threshold that force a row, a column and a depth (k) split.
        SplittableRandom rnd = new SplittableRandom(3);
        int[][] shapes = {{601, 40, 100}, {20, 601, 200}, {9, 11, 28001}};
        for (int[] s : shapes) {
            assertTrue((long) s[0] * s[1] * s[2] >= GemmPool.MIN_PARALLEL_FMAS, "shape must be split");
            for (int t = 0; t < 4; t++) {
                checkDouble(kernel, 2, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.5, rnd);
                checkFloat(kernel, 2, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.0, rnd);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kernels")
    void zeroDepthOrZeroAlphaOnlyScalesC(String name, GemmKernel kernel) {
        double[] c = {1, 2, 3, 4, Double.NaN};
        kernel.dgemm(false, false, 2, 2, 0, 1.0, new double[0], 0, 1, new double[0], 0, 2, 0.5, c, 0, 2);
        assertEquals(List.of(0.5, 1.0, 1.5, 2.0), List.of(c[0], c[1], c[2], c[3]));
        assertTrue(Double.isNaN(c[4]), "outside C must be untouched");
        float[] f = {Float.NaN, 2, 3, 4};
        kernel.sgemm(true, false, 2, 2, 1, 0f, new float[] {1, 1}, 0, 2, new float[] {1, 1}, 0, 2, 0f, f, 0, 2);
        assertEquals(List.of(0f, 0f, 0f, 0f), List.of(f[0], f[1], f[2], f[3]));
    }

    /** Builds padded, offset operands; C is seeded with NaN when beta is 0 and the padding with sentinels. */
    private static void checkDouble(GemmKernel kernel, int threads, boolean tA, boolean tB, int m, int n, int k,
                                    double beta, SplittableRandom rnd) {
        int aRows = tA ? k : m;
        int aCols = tA ? m : k;
        int bRows = tB ? n : k;
        int bCols = tB ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 1;
        int ldc = n + 2;
        int aOff = 5;
        int bOff = 2;
        int cOff = 7;
        double[] a = random(rnd, aOff + aRows * lda);
        double[] b = random(rnd, bOff + bRows * ldb);
        double[] c = random(rnd, cOff + m * ldc + 3);
        if (beta == 0.0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = Double.NaN;
                }
            }
        }
        double alpha = -1.5;
        double[] want = c.clone();
        double[] got = c.clone();
        new NaiveGemm().dgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, want, cOff, ldc);
        GemmPool pool = threads == 1 ? null : pool2;
        if (pool == null) {
            kernel.dgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
        } else {
            pool.dgemm(kernel, tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
        }
        String what = String.format("%s threads=%d tA=%b tB=%b %dx%dx%d beta=%s", kernel.name(), threads, tA, tB,
                m, n, k, beta);
        for (int i = 0; i < c.length; i++) {
            // Products of k terms in [-1, 1): the summation order differs between kernels, so allow ~k ulps.
            double tol = 1e-14 * (k + 1) * 4;
            assertTrue(Math.abs(got[i] - want[i]) <= tol, () -> what + ": mismatch");
        }
    }

    private static void checkFloat(GemmKernel kernel, int threads, boolean tA, boolean tB, int m, int n, int k,
                                   double beta, SplittableRandom rnd) {
        int aRows = tA ? k : m;
        int aCols = tA ? m : k;
        int bRows = tB ? n : k;
        int bCols = tB ? k : n;
        int lda = aCols + 1;
        int ldb = bCols + 4;
        int ldc = n + 3;
        int aOff = 3;
        int bOff = 6;
        int cOff = 1;
        float[] a = toFloat(random(rnd, aOff + aRows * lda));
        float[] b = toFloat(random(rnd, bOff + bRows * ldb));
        float[] c = toFloat(random(rnd, cOff + m * ldc + 2));
        if (beta == 0.0) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = Float.NaN;
                }
            }
        }
        float alpha = 0.75f;
        float[] want = c.clone();
        float[] got = c.clone();
        new NaiveGemm().sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, (float) beta, want, cOff, ldc);
        if (threads == 1) {
            kernel.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, (float) beta, got, cOff, ldc);
        } else {
            pool2.sgemm(kernel, tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, (float) beta, got, cOff, ldc);
        }
        for (int i = 0; i < c.length; i++) {
            double tol = 1e-6 * (k + 1) * 4;
            int idx = i;
            assertTrue(Math.abs(got[i] - want[i]) <= tol, () -> String.format(
                    "%s threads=%d tA=%b tB=%b %dx%dx%d beta=%s: at %d got %s want %s", kernel.name(), threads, tA,
                    tB, m, n, k, beta, idx, got[idx], want[idx]));
        }
    }

    private static double[] random(SplittableRandom rnd, int len) {
        return rnd.doubles(len, -1, 1).toArray();
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
