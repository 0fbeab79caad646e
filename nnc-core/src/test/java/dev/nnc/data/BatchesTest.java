package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.graph.Shape;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BatchesTest {

    /** 23 examples of (2, 2, 2) with distinct pixels; label = index mod 5; mean-normalized on itself. */
    private static Dataset data() {
        int n = 23;
        byte[] pixels = TestFiles.pixels(n, 8);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 5;
        }
        Dataset d = Dataset.ofBytes("test", Shape.of(2, 2, 2), pixels, labels, 5);
        return d.withPreprocessing(Preprocessing.compute(Normalization.MEAN, d));
    }

    @Test
    void aLargeBatchSplitOverTwoThreadsHoldsTheSameRowsAsOnOne() {
        int n = 70; // a batch of 64: 32 rows per thread, above the split minimum
        byte[] pixels = TestFiles.pixels(n, 8);
        Dataset raw = Dataset.ofBytes("test", Shape.of(2, 2, 2), pixels, new int[n], 5);
        Dataset d = raw.withPreprocessing(Preprocessing.compute(Normalization.STANDARDIZE, raw));
        float[][] filled = new float[2][];
        int[] order = null;
        for (int threads = 1; threads <= 2; threads++) {
            try (Gemm gemm = Gemm.withThreads(threads)) {
                Batches batches = new Batches(d, 64, gemm);
                batches.shuffle(new Rng(3));
                order = batches.order();
                F32Tensor x = new F32Tensor(64, 2, 2, 2);
                assertEquals(64, batches.fill(0, x, new int[64]));
                filled[threads - 1] = x.data().clone();
            }
        }
        assertArrayEquals(filled[0], filled[1]);
        for (int i = 0; i < 64; i++) {
            assertArrayEquals(d.example(order[i]), Arrays.copyOfRange(filled[1], i * 8, i * 8 + 8), "row " + i);
        }
    }

    @Test
    void fillsExactlyThePermutedExamplesInOrder() {
        Dataset d = data();
        Batches batches = new Batches(d, 10);
        batches.shuffle(new Rng(7));
        int[] order = batches.order();
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i], "a permutation");
        }
        assertEquals(3, batches.batchCount());
        F32Tensor x = new F32Tensor(10, 2, 2, 2);
        int[] y = new int[10];
        int seen = 0;
        for (int b = 0; b < batches.batchCount(); b++) {
            int n = batches.fill(b, x, y);
            assertEquals(b < 2 ? 10 : 3, n);
            assertEquals(n, x.dim(0));
            for (int i = 0; i < n; i++) {
                int idx = order[seen + i];
                assertEquals(idx % 5, y[i]);
                float[] row = Arrays.copyOfRange(x.data(), i * 8, i * 8 + 8);
                assertArrayEquals(d.example(idx), row);
            }
            seen += n;
        }
        assertEquals(23, seen);
    }

    @Test
    void aSeedReproducesTheOrderAndEachShuffleStartsFromTheIdentity() {
        Batches a = new Batches(data(), 4);
        Batches b = new Batches(data(), 4);
        a.shuffle(new Rng(42));
        b.shuffle(new Rng(42));
        assertArrayEquals(a.order(), b.order());
        Rng r = new Rng(42);
        b.shuffle(r);
        b.shuffle(new Rng(1));
        Rng again = new Rng(1);
        a.shuffle(again);
        assertArrayEquals(a.order(), b.order(), "the order depends only on the generator's state");
        a.shuffle(new Rng(2));
        assertNotEquals(Arrays.toString(a.order()), Arrays.toString(b.order()));
        a.resetOrder();
        assertEquals(0, a.order()[0]);
        assertEquals(22, a.order()[22]);
    }

    @Test
    void float64BatchesAndRegressionTargets() {
        Dataset d = data();
        Batches batches = new Batches(d, 8);
        F64Tensor x = new F64Tensor(8, 8);
        Targets t = Targets.values(new F64Tensor(8, 1));
        int n = batches.fill(2, x, t);
        assertEquals(7, n);
        assertEquals(7, t.count());
        for (int i = 0; i < n; i++) {
            assertEquals(d.example(16 + i)[3], x.get(i * 8 + 3), 1e-6, "a (D) tensor takes flattened rows");
            assertEquals((16 + i) % 5, t.values().get(i), 0.0);
        }
        Targets labels = Targets.labels(new int[8]);
        batches.fill(0, new F32Tensor(8, 2, 2, 2), labels);
        assertEquals(8, labels.count());
        assertEquals(4, labels.label(4));
    }

    @Test
    void fillingAllocatesNothingPerBatch() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Dataset d = data();
        Batches batches = new Batches(d, 10);
        F32Tensor x = new F32Tensor(10, 2, 2, 2);
        int[] y = new int[10];
        Rng rng = new Rng(3);
        Tensor xs = x;
        for (int warm = 0; warm < 2000; warm++) {
            for (int b = 0; b < batches.batchCount(); b++) {
                batches.fill(b, xs, y);
            }
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        int batchesFilled = 0;
        for (int epoch = 0; epoch < 200; epoch++) {
            batches.shuffle(rng);
            for (int b = 0; b < batches.batchCount(); b++) {
                batches.fill(b, xs, y);
                batchesFilled++;
            }
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertTrue(allocated < batchesFilled, allocated + " bytes allocated over " + batchesFilled + " batches");
    }
}
