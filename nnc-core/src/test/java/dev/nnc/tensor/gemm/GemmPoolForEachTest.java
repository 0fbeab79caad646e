package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class GemmPoolForEachTest {

    @Test
    void everyPieceRunsOnceOnOneAndThreeThreads() {
        for (int threads : new int[] {1, 3}) {
            try (GemmPool pool = new GemmPool(threads)) {
                for (int pieces : new int[] {0, 1, 2, 7}) {
                    AtomicIntegerArray runs = new AtomicIntegerArray(pieces);
                    pool.forEach(pieces, runs::incrementAndGet);
                    for (int i = 0; i < pieces; i++) {
                        assertEquals(1, runs.get(i), "piece " + i + " of " + pieces + " on " + threads + " threads");
                    }
                }
            }
        }
    }

    @Test
    void aGemmInsideAPieceRunsSeriallyAndIsRight() {
        // Each piece multiplies its own 96 x 96 by the identity, large enough that the pool would split it.
        int d = 96;
        float[] identity = new float[d * d];
        for (int i = 0; i < d; i++) {
            identity[i * d + i] = 1;
        }
        int pieces = 4;
        float[][] a = new float[pieces][d * d];
        float[][] c = new float[pieces][d * d];
        for (int p = 0; p < pieces; p++) {
            for (int i = 0; i < d * d; i++) {
                a[p][i] = p * 1000 + i % 97;
            }
        }
        try (GemmPool pool = new GemmPool(2)) {
            pool.forEach(pieces, p -> pool.sgemm(new BlockedGemm(), false, false, d, d, d, 1f, a[p], 0, d, identity,
                    0, d, 0f, c[p], 0, d));
        }
        for (int p = 0; p < pieces; p++) {
            assertArrayEquals(a[p], c[p], "piece " + p);
        }
    }

    @Test
    void backToBackCallsWithGrowingPieceCountsNeverHang() {
        // A worker still leaving one call must not claim a piece of the next (it once made the caller wait
        // forever, or run a piece twice, when the next call had more pieces than the last).
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            try (GemmPool pool = new GemmPool(2)) {
                java.util.concurrent.atomic.AtomicLong total = new java.util.concurrent.atomic.AtomicLong();
                long expected = 0;
                for (int i = 0; i < 20_000; i++) {
                    int pieces = i % 2 == 0 ? 2 : 9;
                    pool.forEach(pieces, p -> total.incrementAndGet());
                    expected += pieces;
                }
                assertEquals(expected, total.get());
            }
        });
    }
}
