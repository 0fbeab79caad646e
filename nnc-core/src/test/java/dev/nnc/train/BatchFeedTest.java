package dev.nnc.train;

import static dev.nnc.train.TrainingFixtures.assertBitIdentical;
import static dev.nnc.train.TrainingFixtures.bitIdentical;
import static dev.nnc.train.TrainingFixtures.compile;
import static dev.nnc.train.TrainingFixtures.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.Preprocessing;
import dev.nnc.exec.Network;
import dev.nnc.graph.AugmentSpec;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Shape;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Preparing batches on the feed's thread, or in the GEMM workers' idle time, gives the very batches the
 * caller's thread gives (on the network's GEMM threads), augmented from the same (epoch, batch) seeds,
 * whatever the timing; the thread is gone when training ends, also when it fails.
 */
class BatchFeedTest {

    private static final Shape PICTURE = Shape.of(2, 6, 7);
    private static final AugmentSpec AUGMENT = new AugmentSpec(List.of(
            new AugmentSpec.Op("rotate", Map.of("degrees", 20.0)),
            new AugmentSpec.Op("shift", Map.of("fraction", 0.2)),
            new AugmentSpec.Op("flip", Map.of("p", 0.5)),
            new AugmentSpec.Op("erase", Map.of("p", 0.5, "area", 0.3))));

    /** 45 two-channel 6x7 pictures of random bytes, 3 classes, with regression targets too. */
    private static Dataset pictures(int count, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[count * 84];
        int[] labels = new int[count];
        float[] targets = new float[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rng.nextInt(3);
            targets[i] = (float) rng.nextGaussian();
            for (int j = 0; j < 84; j++) {
                v[i * 84 + j] = (float) rng.nextDouble();
            }
        }
        return Dataset.ofFloats("pictures", PICTURE, v, labels, targets, 3);
    }

    /** Every batch of two epochs as the feed hands them out: inputs and labels (or target values). */
    private static List<double[]> batches(BatchFeed.Mode mode, Precision precision, boolean labels) {
        Dataset data = pictures(45, 3);
        List<double[]> out = new ArrayList<>();
        Tensor x = Tensor.zeros(precision, 8, 2, 6, 7);
        Targets targets = labels ? Targets.labels(new int[8]) : Targets.values(x.zerosLike(8, 1));
        try (Gemm gemm = Gemm.withThreads(2);
             BatchFeed feed = new BatchFeed(data, 8, AUGMENT, x, targets, gemm, mode)) {
            for (int epoch = 1; epoch <= 2; epoch++) {
                long epochSeed = Trainer.mix(11, epoch);
                feed.startEpoch(new Rng(epochSeed), b -> Trainer.mix(epochSeed, b + 1));
                assertEquals(6, feed.batchCount());
                for (int b = 0; b < feed.batchCount(); b++) {
                    x.setBatch(feed.batchLength(b));
                    int n = feed.take(b, x, targets);
                    assertEquals(b < 5 ? 8 : 5, n);
                    out.add(x.toDoubleArray());
                    out.add(labels ? Arrays.stream(targets.labelArray(), 0, n).asDoubleStream().toArray()
                            : targets.values().toDoubleArray());
                }
            }
        }
        return out;
    }

    private static void assertSameBatches(List<double[]> a, List<double[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertBitIdentical(new double[][] {a.get(i)}, new double[][] {b.get(i)});
        }
    }

    @Test
    void preparingAheadGivesTheForegroundBatchesBitForBit() {
        List<double[]> fore = batches(BatchFeed.Mode.FOREGROUND, Precision.FLOAT32, true);
        List<double[]> back = batches(BatchFeed.Mode.THREAD, Precision.FLOAT32, true);
        assertSameBatches(fore, back);
        assertSameBatches(back, batches(BatchFeed.Mode.THREAD, Precision.FLOAT32, true));
        assertSameBatches(fore, batches(BatchFeed.Mode.IDLE, Precision.FLOAT32, true));
        // and they are augmented: not the data set's examples in the epoch's order
        Dataset data = pictures(45, 3);
        int[] order = new int[45];
        Arrays.setAll(order, i -> i);
        new Rng(Trainer.mix(11, 1)).shuffle(order);
        float[] first = data.example(order[0]);
        double[] batch0 = fore.get(0);
        boolean differs = false;
        for (int j = 0; j < first.length; j++) {
            differs |= batch0[j] != first[j];
        }
        assertTrue(differs, "batch 0 is not augmented");
        // the second epoch's batches are not the first's
        assertFalse(Arrays.equals(fore.get(0), fore.get(12)));
    }

    @Test
    void float64BatchesAndRegressionTargetsComeThroughTheBufferUnchanged() {
        List<double[]> fore = batches(BatchFeed.Mode.FOREGROUND, Precision.FLOAT64, false);
        assertSameBatches(fore, batches(BatchFeed.Mode.THREAD, Precision.FLOAT64, false));
        assertSameBatches(fore, batches(BatchFeed.Mode.IDLE, Precision.FLOAT64, false));
    }

    private static final String MODEL = """
            model Pictures {
                input(2, 6, 7)
                conv(4, 3, pad = same) - relu - maxpool(2) - affine(3) - softmax
                train {
                    optimizer = adam(lr = 0.01)
                    batchSize = 8
                    epochs = 3
                    augment = rotate(20) - shift(0.2) - flip - erase
                }
            }
            """;

    private static double[][] train(LayerGraph g, BatchFeed.Mode mode) {
        Network net = new Network(g, Precision.FLOAT32, 4, Gemm.withThreads(2));
        Dataset data = pictures(45, 3);
        DataSplits splits = new DataSplits(data, pictures(9, 5), Optional.empty(),
                Preprocessing.none(PICTURE, 1.0));
        Trainer t = new Trainer(net, g.train(), 4);
        (switch (mode) {
            case FOREGROUND -> t.preparingBatchesInForeground();
            case THREAD -> t.preparingBatchesInBackground();
            case IDLE -> t.preparingBatchesInIdleTime();
        }).train(splits,
                TrainingListener.NONE);
        return values(net.parameters());
    }

    @Test
    void trainingWithBatchesPreparedAheadIsTheForegroundRunAndLeavesNoThreadBehind() {
        LayerGraph g = compile(MODEL);
        double[][] fore = train(g, BatchFeed.Mode.FOREGROUND);
        assertBitIdentical(fore, train(g, BatchFeed.Mode.THREAD));
        assertBitIdentical(fore, train(g, BatchFeed.Mode.IDLE));
        assertFalse(bitIdentical(fore, train(compile(MODEL.replace("augment = rotate(20) - shift(0.2) - flip - erase",
                "augment = false")), BatchFeed.Mode.THREAD)), "augmentation changed nothing");
        assertEquals(List.of(), feedThreads());
    }

    @Test
    void aFailingRunStopsItsFeedThreadToo() {
        LayerGraph g = compile(MODEL.replace("adam(lr = 0.01)", "sgd(lr = 1e30)"));
        Network net = new Network(g, Precision.FLOAT32, 4, Gemm.withThreads(2));
        DataSplits splits = new DataSplits(pictures(45, 3), pictures(9, 5), Optional.empty(),
                Preprocessing.none(PICTURE, 1.0));
        TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingException.class,
                () -> new Trainer(net, g.train(), 4).preparingBatchesInBackground().train(splits,
                        TrainingListener.NONE));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        assertEquals(List.of(), feedThreads());
    }

    /**
     * By default the feed runs on a thread of its own when the GEMM threads leave a core over; on busy cores
     * augmented batches are augmented in the workers' idle time and plain ones copied on the training thread.
     */
    @Test
    void theFeedTakesAThreadOnlyWhenACoreIsLeftOver() {
        int cores = Runtime.getRuntime().availableProcessors();
        org.junit.jupiter.api.Assumptions.assumeTrue(cores >= 2, "one core: no thread count leaves one over");
        LayerGraph augmented = compile(MODEL);
        LayerGraph plain = compile(MODEL.replace("augment = rotate(20) - shift(0.2) - flip - erase",
                "augment = false"));
        assertTrue(feedThreadSeenWhileTraining(plain, 1), "1 GEMM thread on " + cores + " cores: a feed thread");
        assertFalse(feedThreadSeenWhileTraining(plain, cores), cores + " GEMM threads on " + cores + " cores: none");
        assertTrue(feedThreadSeenWhileTraining(augmented, cores - 1), "augmented, a core left over: a feed thread");
        assertFalse(feedThreadSeenWhileTraining(augmented, cores), "augmented, " + cores + " GEMM threads: none");
        assertEquals(BatchFeed.Mode.IDLE, Trainer.feedMode(2, 2, true));
        assertEquals(BatchFeed.Mode.FOREGROUND, Trainer.feedMode(2, 2, false));
        assertEquals(BatchFeed.Mode.THREAD, Trainer.feedMode(1, 2, false));
        assertEquals(BatchFeed.Mode.THREAD, Trainer.feedMode(1, 2, true));
    }

    private static boolean feedThreadSeenWhileTraining(LayerGraph g, int threads) {
        Network net = new Network(g, Precision.FLOAT32, 4, Gemm.withThreads(threads));
        DataSplits splits = new DataSplits(pictures(45, 3), pictures(9, 5), Optional.empty(),
                Preprocessing.none(PICTURE, 1.0));
        boolean[] seen = {false};
        new Trainer(net, g.train(), 4).train(splits, new TrainingListener() {
            @Override
            public void batchDone(int epoch, int batch, int batches, double runningLoss, long examples) {
                seen[0] |= !feedThreads().isEmpty();
            }
        });
        return seen[0];
    }

    private static List<String> feedThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.equals("nnc-batch-feed")).toList();
    }

    @Test
    void theFeedKeepsTheLabelsOfItsBatch() {
        // labels travel with their pictures through the buffer: batch b's labels are order[8b ..]'s
        Dataset data = pictures(45, 3);
        Tensor x = Tensor.zeros(Precision.FLOAT32, 8, 2, 6, 7);
        Targets targets = Targets.labels(new int[8]);
        int[] order = new int[45];
        Arrays.setAll(order, i -> i);
        new Rng(77).shuffle(order);
        try (Gemm gemm = Gemm.withThreads(1);
             BatchFeed feed = new BatchFeed(data, 8, AugmentSpec.NONE, x, targets, gemm, BatchFeed.Mode.THREAD)) {
            feed.startEpoch(new Rng(77), b -> b);
            for (int b = 0; b < feed.batchCount(); b++) {
                x.setBatch(feed.batchLength(b));
                int n = feed.take(b, x, targets);
                for (int i = 0; i < n; i++) {
                    assertEquals(data.label(order[8 * b + i]), targets.label(i));
                    assertArrayEquals(data.example(order[8 * b + i]),
                            Arrays.copyOfRange(toFloats(x), i * 84, i * 84 + 84));
                }
            }
        }
    }

    private static float[] toFloats(Tensor x) {
        double[] d = x.toDoubleArray();
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
