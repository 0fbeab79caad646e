package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The idle job: every piece runs exactly once, beside split calls, and the caller gets its failure. */
class GemmPoolIdleJobTest {

    @Test
    void everyPieceRunsOnceWhileTheCallerMultiplies() {
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            int d = 96; // large enough that the pool splits the product
            float[] a = new float[d * d];
            float[] identity = new float[d * d];
            for (int i = 0; i < d; i++) {
                identity[i * d + i] = 1;
            }
            for (int i = 0; i < d * d; i++) {
                a[i] = i % 101;
            }
            try (GemmPool pool = new GemmPool(2)) {
                for (int job = 0; job < 200; job++) {
                    int pieces = 1 + job % 37;
                    AtomicIntegerArray runs = new AtomicIntegerArray(pieces);
                    GemmPool.Pieces body = p -> {
                        runs.incrementAndGet(p);
                        Thread.onSpinWait();
                    };
                    boolean started = pool.startIdleJob(pieces, body);
                    assertTrue(started);
                    float[] c = new float[d * d];
                    pool.sgemm(new BlockedGemm(), false, false, d, d, d, 1f, a, 0, d, identity, 0, d, 0f, c, 0, d);
                    assertArrayEquals(a, c, "a product beside idle job " + job);
                    pool.finishIdleJob(true, pieces, body);
                    for (int i = 0; i < pieces; i++) {
                        assertEquals(1, runs.get(i), "piece " + i + " of job " + job);
                    }
                }
            }
        });
    }

    @Test
    void withoutWorkersOrWithAnotherJobUnderWayTheCallerRunsThePiecesInOrder() {
        for (int threads : new int[] {1, 2}) {
            try (GemmPool pool = new GemmPool(threads)) {
                GemmPool.Pieces first = p -> { };
                boolean firstStarted = pool.startIdleJob(3, first);
                assertEquals(threads > 1, firstStarted);
                StringBuilder order = new StringBuilder();
                GemmPool.Pieces second = p -> order.append(p);
                boolean started = pool.startIdleJob(4, second);
                assertFalse(started, "one idle job at a time");
                pool.finishIdleJob(false, 4, second);
                assertEquals("0123", order.toString());
                pool.finishIdleJob(firstStarted, 3, first);
                assertEquals(threads > 1, pool.startIdleJob(1, first), "the pool takes a job again once one ends");
                pool.finishIdleJob(threads > 1, 1, first);
            }
        }
    }

    @Test
    void aFailingPieceReachesTheCallerAndTheNextJobRuns() {
        try (GemmPool pool = new GemmPool(2)) {
            IllegalStateException boom = new IllegalStateException("piece 5 failed");
            GemmPool.Pieces failing = p -> {
                if (p == 5) {
                    throw boom;
                }
            };
            boolean started = pool.startIdleJob(8, failing);
            assertSame(boom, assertThrows(IllegalStateException.class, () -> pool.finishIdleJob(started, 8, failing)));
            AtomicIntegerArray runs = new AtomicIntegerArray(4);
            GemmPool.Pieces body = runs::incrementAndGet;
            boolean again = pool.startIdleJob(4, body);
            assertTrue(again);
            pool.finishIdleJob(again, 4, body);
            for (int i = 0; i < 4; i++) {
                assertEquals(1, runs.get(i));
            }
        }
    }
}
