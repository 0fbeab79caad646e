package dev.nnc.train;

import static dev.nnc.train.TrainingFixtures.assertBitIdentical;
import static dev.nnc.train.TrainingFixtures.bitIdentical;
import static dev.nnc.train.TrainingFixtures.blobSplits;
import static dev.nnc.train.TrainingFixtures.model;
import static dev.nnc.train.TrainingFixtures.network;
import static dev.nnc.train.TrainingFixtures.values;
import static dev.nnc.train.TrainingFixtures.withoutSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.data.DataSplits;
import dev.nnc.exec.Network;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same seed, same run, bit for bit; and a run resumed from its epoch-k checkpoint is the uninterrupted run.
 * The models have dropout (the generator's state matters), batchnorm (running statistics) and adam (moment
 * slots and its step count), so a checkpoint that forgot any of them would fail here.
 */
class TrainerReproducibilityTest {

    @TempDir
    Path dir;

    private static final String BODY = "affine(12) - batchnorm - relu - dropout(0.3) - affine(2) - softmax";
    private static final String TRAIN = """
            optimizer = adam(lr = 0.01)
            lrDecay = 0.9
            l2 = 0.001
            epochs = 5
            batchSize = 32
            seed = 5
            """;

    private record Run(double[][] params, List<EpochStats> history) {
    }

    private static Run run(LayerGraph g, long seed, DataSplits data) {
        Network net = network(g, seed);
        TrainingResult r = new Trainer(net, g.train(), seed).train(data, TrainingListener.NONE);
        return new Run(values(net.parameters()), r.history());
    }

    @Test
    void theSameSeedGivesTheSameRunBitForBit() {
        LayerGraph g = model(BODY, TRAIN);
        DataSplits data = blobSplits(false);
        Run a = run(g, 5, data);
        Run b = run(g, 5, data);
        assertBitIdentical(a.params(), b.params());
        assertEquals(withoutSeconds(a.history()), withoutSeconds(b.history()));

        Run c = run(g, 6, data);
        assertFalse(bitIdentical(a.params(), c.params()));
        assertNotEquals(a.history().get(0).loss(), c.history().get(0).loss());
    }

    @Test
    void dropoutMasksComeFromTheSeededGenerator() {
        // Same initial weights and shuffles (a Network seed and a Trainer seed both fixed), but the network's
        // generator moved on before training: only the dropout masks differ, and so must the result.
        LayerGraph g = model(BODY, TRAIN);
        DataSplits data = blobSplits(false);
        Run a = run(g, 5, data);
        Network net = network(g, 5);
        net.rng().nextLong();
        new Trainer(net, g.train(), 5).train(data, TrainingListener.NONE);
        assertFalse(bitIdentical(a.params(), values(net.parameters())));
    }

    @Test
    void resumingFromEpochKIsTheUninterruptedRun() {
        LayerGraph g = model(BODY, TRAIN);
        TrainConfig full = g.train();
        DataSplits data = blobSplits(false);
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");

        Network a = network(g, 5);
        TrainingResult ra = new Trainer(a, full, 5).writingTo(straight, "{}").train(data, TrainingListener.NONE);

        Network b = network(g, 5);
        new Trainer(b, full.withEpochs(2), 5).writingTo(split, "{}").train(data, TrainingListener.NONE);
        // A fresh network with other initial weights and another generator state: everything that matters
        // must come from the checkpoint.
        Network c = network(g, 999);
        Trainer resumed = new Trainer(c, full, 5).writingTo(split, "{}");
        Checkpoint ckpt = Checkpoint.read(split.resolve(RunFiles.LAST));
        assertEquals(2, ckpt.meta().epoch());
        resumed.resumeFrom(ckpt, HistoryCsv.read(split.resolve(RunFiles.HISTORY)));
        TrainingResult rc = resumed.train(data, TrainingListener.NONE);

        assertBitIdentical(values(a.parameters()), values(c.parameters()));
        assertEquals(withoutSeconds(ra.history()), withoutSeconds(rc.history()));
        assertEquals(ra.bestEpoch(), rc.bestEpoch());
        assertEquals(ra.bestValAcc(), rc.bestValAcc(), 0.0);
        assertEquals(a.rng().state(), c.rng().state());
        assertEquals(withoutSeconds(HistoryCsv.read(straight.resolve(RunFiles.HISTORY))),
                withoutSeconds(HistoryCsv.read(split.resolve(RunFiles.HISTORY))));
        // the last checkpoints hold the trajectory's end (not the kept best) and the optimizer state
        Checkpoint lastA = Checkpoint.read(straight.resolve(RunFiles.LAST));
        Checkpoint lastC = Checkpoint.read(split.resolve(RunFiles.LAST));
        assertEquals(lastA.meta(), lastC.meta());
        assertEquals(lastA.optimizerScalars(), lastC.optimizerScalars());
        assertEquals(lastA.optimizer(), lastC.optimizer());
        assertEquals(lastA.tensors().keySet(), lastC.tensors().keySet());
        for (String name : lastA.tensors().keySet()) {
            assertBitIdentical(new double[][] {lastA.tensors().get(name).toDoubleArray()},
                    new double[][] {lastC.tensors().get(name).toDoubleArray()});
        }
    }

    /** Stops a run after an epoch's checkpoint is on disk, as a kill would. */
    private static final class Interrupted extends RuntimeException {
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "optimizer = adamw(lr = 0.01, weightDecay = 0.1)\nschedule = cosine(warmup = 1, minLr = 0.001)\n"
                + "labelSmoothing = 0.1",
        "optimizer = adam(lr = 0.05)\nschedule = reduceOnPlateau(monitor = valAcc, patience = 1, factor = 0.5)",
        "optimizer = momentum(lr = 0.1)\nschedule = oneCycle(pctStart = 0.4)"})
    void anInterruptedScheduledRunResumesToTheUninterruptedOne(String settings) {
        LayerGraph g = model(BODY, settings + "\nepochs = 5\nbatchSize = 32\nseed = 5\n");
        DataSplits data = blobSplits(false);
        Path straight = dir.resolve("straight");
        Path split = dir.resolve("split");
        Network a = network(g, 5);
        TrainingResult ra = new Trainer(a, g.train(), 5).writingTo(straight, "{}").train(data, TrainingListener.NONE);

        Network b = network(g, 5);
        assertThrows(Interrupted.class, () -> new Trainer(b, g.train(), 5).writingTo(split, "{}")
                .train(data, new TrainingListener() {
                    @Override
                    public void epochDone(EpochStats stats, boolean improved) {
                        if (stats.epoch() == 2) {
                            throw new Interrupted();
                        }
                    }
                }));
        Network c = network(g, 999);
        Trainer resumed = new Trainer(c, g.train(), 5).writingTo(split, "{}");
        resumed.resumeFrom(Checkpoint.read(split.resolve(RunFiles.LAST)),
                HistoryCsv.read(split.resolve(RunFiles.HISTORY)));
        TrainingResult rc = resumed.train(data, TrainingListener.NONE);

        assertBitIdentical(values(a.parameters()), values(c.parameters()));
        assertEquals(withoutSeconds(ra.history()), withoutSeconds(rc.history()));
        assertEquals(withoutSeconds(HistoryCsv.read(straight.resolve(RunFiles.HISTORY))),
                withoutSeconds(HistoryCsv.read(split.resolve(RunFiles.HISTORY))));
        assertEquals(Checkpoint.read(straight.resolve(RunFiles.LAST)).optimizer(),
                Checkpoint.read(split.resolve(RunFiles.LAST)).optimizer());
        // the schedule moved the rate: a run at one rate would not exercise the replay
        assertTrue(ra.history().stream().mapToDouble(EpochStats::lr).distinct().count() > 1, ra.history().toString());
    }
}
