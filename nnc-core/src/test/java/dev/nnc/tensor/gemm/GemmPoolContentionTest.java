package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Two threads must never be slower than one: a pool whose caller keeps waiting for its workers (another
 * process on the cores) runs the caller alone for a while. The decision is the caller's bookkeeping, tested
 * here without timing; the solo calls give the same bits as split ones, so a run stays reproducible.
 */
class GemmPoolContentionTest {

    @Test
    void threeStallsInARowSwitchToSoloCallsAndAGoodCallResetsTheCount() {
        try (GemmPool pool = new GemmPool(2)) {
            pool.noteWait(10_000, 100_000);
            pool.noteWait(10_000, 100_000);
            pool.noteWait(100_000, 10_000); // the worker kept up: not a run of stalls
            pool.noteWait(10_000, 100_000);
            pool.noteWait(10_000, 100_000);
            assertEquals(0, pool.soloCallsLeft());
            pool.noteWait(10_000, 100_000);
            assertEquals(GemmPool.SOLO_CALLS, pool.soloCallsLeft());
            pool.noteWait(1_000, 15_000); // below the minimum wait: waking costs that much anyway
            pool.noteWait(1_000, 15_000);
            pool.noteWait(1_000, 15_000);
            assertEquals(GemmPool.SOLO_CALLS, pool.soloCallsLeft());
        }
    }

    @Test
    void soloCallsGiveTheBitsOfSplitCallsForEverySplit() {
        GemmKernel kernel = GemmKernels.vector().orElseGet(BlockedGemm::new);
        // rows (m large), columns (n large), depth (k large: partial sums in piece order)
        int[][] shapes = {{240, 40, 60}, {20, 300, 60}, {25, 30, 4000}};
        SplittableRandom rnd = new SplittableRandom(3);
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = new float[m * k];
            float[] b = new float[k * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) rnd.nextGaussian();
            }
            float[] split = new float[m * n];
            float[] solo = new float[m * n];
            try (GemmPool pool = new GemmPool(2)) {
                pool.sgemm(kernel, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, split, 0, n);
                pool.forceSolo(1);
                pool.sgemm(kernel, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, solo, 0, n);
                assertEquals(0, pool.soloCallsLeft());
            }
            assertArrayEquals(split, solo, m + " x " + n + " x " + k);
        }
    }
}
