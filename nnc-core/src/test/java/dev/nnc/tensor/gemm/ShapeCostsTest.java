package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The per-shape choice between split and solo calls, driven with made-up timings (no clock): the pool's
 * bookkeeping, not its speed. That the choice never changes a result is {@link GemmPoolContentionTest}'s
 * solo-against-split check plus {@code soloByCostGivesTheBitsOfSplitCalls} below.
 */
class ShapeCostsTest {

    private static final long KEY = ShapeCosts.gemmKey(true, false, false, 100, 100, 784, 0);

    /** Runs one measurement of a slot: split probes take {@code split} ns, solo ones {@code solo} ns. */
    private static void measure(ShapeCosts costs, int slot, long split, long solo) {
        int splits = 0;
        int solos = 0;
        for (int i = 0; i < 2 * ShapeCosts.PROBES; i++) {
            int plan = costs.plan(slot);
            assertTrue(plan == ShapeCosts.PROBE_SPLIT || plan == ShapeCosts.PROBE_SOLO, "probe " + i + ": " + plan);
            if (plan == ShapeCosts.PROBE_SPLIT) {
                splits++;
            } else {
                solos++;
            }
            costs.record(slot, plan == ShapeCosts.PROBE_SPLIT, plan == ShapeCosts.PROBE_SPLIT ? split : solo);
        }
        assertEquals(ShapeCosts.PROBES, splits);
        assertEquals(ShapeCosts.PROBES, solos);
    }

    private static void warmUp(ShapeCosts costs, int slot) {
        for (int i = 0; i < ShapeCosts.WARMUP; i++) {
            assertEquals(ShapeCosts.SPLIT, costs.plan(slot), "warm-up call " + i + " splits, as before");
        }
    }

    @Test
    void aShapeWhoseSplitCallsAreSlowerRunsSoloUntilItMeasuresAgain() {
        ShapeCosts costs = new ShapeCosts();
        int slot = costs.slot(KEY);
        assertEquals(slot, costs.slot(KEY), "the same shape, the same slot");
        warmUp(costs, slot);
        measure(costs, slot, 300_000, 200_000);
        for (int i = 0; i < ShapeCosts.REPROBE - 1; i++) {
            assertEquals(ShapeCosts.SOLO, costs.plan(slot));
        }
        // the next measurement finds splitting pays now (the other process went away)
        assertEquals(ShapeCosts.SOLO, costs.plan(slot));
        measure(costs, slot, 100_000, 200_000);
        assertEquals(ShapeCosts.SPLIT, costs.plan(slot));
        assertTrue(costs.report().contains("split"), costs.report());
    }

    @Test
    void splittingMustSaveMoreThanTheMarginToBeKept() {
        ShapeCosts costs = new ShapeCosts();
        int slot = costs.slot(KEY);
        warmUp(costs, slot);
        measure(costs, slot, 95_000, 100_000); // 5% faster: within what caches after the call may cost
        assertEquals(ShapeCosts.SOLO, costs.plan(slot));
        ShapeCosts other = new ShapeCosts();
        int s2 = other.slot(KEY);
        warmUp(other, s2);
        measure(other, s2, 60_000, 100_000);
        assertEquals(ShapeCosts.SPLIT, other.plan(s2));
    }

    @Test
    void shapesAreKeptApartAndAFullTableSplitsAsBefore() {
        ShapeCosts costs = new ShapeCosts();
        long transposed = ShapeCosts.gemmKey(true, true, false, 100, 100, 784, 0);
        long dbl = ShapeCosts.gemmKey(false, false, false, 100, 100, 784, 0);
        assertNotEquals(KEY, transposed);
        assertNotEquals(KEY, dbl);
        assertNotEquals(costs.slot(KEY), costs.slot(transposed));
        int filled = 2;
        for (int m = 1; costs.slot(ShapeCosts.gemmKey(true, false, false, m, 7, 7, 0)) >= 0; m++) {
            filled++;
        }
        assertEquals(128, filled, "the table's capacity");
        assertEquals(-1, costs.slot(ShapeCosts.gemmKey(true, false, false, 100_000, 1, 1, 0)));
        assertEquals(ShapeCosts.SPLIT, costs.plan(-1));
    }

    @Test
    void soloByCostGivesTheBitsOfSplitCalls() {
        // a pool measuring split against solo calls of one shape gives the same C on every call
        GemmKernel kernel = GemmKernels.vector().orElseGet(BlockedGemm::new);
        int m = 120;
        int n = 90;
        int k = 70;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) rnd.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) rnd.nextGaussian();
        }
        try (GemmPool pool = new GemmPool(2)) {
            float[] first = new float[m * n];
            pool.sgemm(kernel, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, first, 0, n);
            for (int call = 0; call < ShapeCosts.WARMUP + 4 * ShapeCosts.PROBES; call++) {
                // on a busy machine the contention fallback would run every call solo, unmeasured
                pool.forceSolo(0);
                float[] c = new float[m * n];
                pool.sgemm(kernel, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(first, c, "call " + call);
            }
            assertTrue(pool.costReport().contains("ROWS f32 120x90x70"), pool.costReport());
        }
    }
}
