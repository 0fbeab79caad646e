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

import dev.nnc.data.DataSplits;
import dev.nnc.exec.Network;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
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
}
