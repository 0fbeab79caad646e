package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.Preprocessing;
import dev.nnc.graph.LayerGraph;
import dev.nnc.train.EpochStats;
import dev.nnc.train.TrainingListener;
import dev.nnc.train.TrainingResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GEMM kernel, threads and pool belong to a model, not to the process (issue 12): two models train at
 * the same time in one JVM, one on two threads and one on one, and each ends bit for bit where it ends when
 * it trains alone. The model is big enough that the two-thread model really splits its products and its
 * convolution over its threads (which changes float32 summation order), so a shared or process-wide pool,
 * handing one model's calls to the caller while the other holds it, would show here.
 */
class ConcurrentTrainingTest {

    @TempDir
    Path dir;

    private static final String MODEL = """
            model Tiny {
                input(1, 16, 16)
                conv(12, 3) - relu - maxpool(2) - affine(128) - batchnorm - relu - affine(4) - softmax
                train {
                    optimizer = adam(lr = 1e-3)
                    batchSize = 50
                    epochs = 2
                    seed = 3
                }
            }
            """;

    private record Outcome(byte[] weights, List<Double> losses) {
    }

    @Test
    void twoModelsWithDifferentThreadCountsTrainSideBySideAsTheyDoAlone() throws Exception {
        LayerGraph graph = Nnc.compileString("tiny.nn", MODEL, CompileOptions.defaults()).orThrow().graph();
        DataSplits data = data();
        Outcome twoAlone = train(graph, data, 2, "two-alone", null);
        Outcome oneAlone = train(graph, data, 1, "one-alone", null);
        assertFalse(Arrays.equals(twoAlone.weights(), oneAlone.weights()),
                "1 and 2 threads sum the convolution's weight gradient in different pieces: the test can tell "
                        + "the two sessions apart");

        CountDownLatch start = new CountDownLatch(2);
        CompletableFuture<Outcome> two = CompletableFuture.supplyAsync(() -> train(graph, data, 2, "two", start));
        CompletableFuture<Outcome> one = CompletableFuture.supplyAsync(() -> train(graph, data, 1, "one", start));
        assertArrayEquals(twoAlone.weights(), two.get().weights(), "the two-thread model trained beside another");
        assertEquals(twoAlone.losses(), two.get().losses());
        assertArrayEquals(oneAlone.weights(), one.get().weights(), "the one-thread model trained beside another");
        assertEquals(oneAlone.losses(), one.get().losses());
    }

    private Outcome train(LayerGraph graph, DataSplits data, int threads, String name, CountDownLatch start) {
        Model model = Model.create(graph, graph.train(), threads);
        assertEquals(threads, model.threads());
        if (start != null) { // both models begin together, so their steps overlap
            start.countDown();
            try {
                start.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        TrainingResult r = model.train(data, TrainingListener.NONE);
        try {
            Path file = dir.resolve(name + ".safetensors");
            model.save(file);
            return new Outcome(Files.readAllBytes(file), r.history().stream().map(EpochStats::loss).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** 600 random 16 x 16 images in four classes (the class shifts the mean), 100 for validation. */
    private static DataSplits data() {
        SplittableRandom rnd = new SplittableRandom(9);
        Dataset train = images("train", 600, rnd);
        Dataset validation = images("validation", 100, rnd);
        return new DataSplits(train, validation, Optional.empty(), Preprocessing.none(train.exampleShape(), 1.0));
    }

    private static Dataset images(String name, int n, SplittableRandom rnd) {
        byte[] pixels = new byte[n * 256];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rnd.nextInt(4);
            for (int p = 0; p < 256; p++) {
                pixels[i * 256 + p] = (byte) Math.min(255, rnd.nextInt(160) + 30 * labels[i]);
            }
        }
        return Dataset.ofBytes(name, dev.nnc.graph.Shape.of(1, 16, 16), pixels, labels, 4);
    }
}
