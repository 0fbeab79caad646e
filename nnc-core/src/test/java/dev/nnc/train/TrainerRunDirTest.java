package dev.nnc.train;

import static dev.nnc.train.TrainingFixtures.assertBitIdentical;
import static dev.nnc.train.TrainingFixtures.blobSplits;
import static dev.nnc.train.TrainingFixtures.model;
import static dev.nnc.train.TrainingFixtures.network;
import static dev.nnc.train.TrainingFixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.exec.Network;
import dev.nnc.graph.GraphHash;
import dev.nnc.graph.LayerGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the loop leaves in its run directory: checkpoints and history, also when training diverges. */
class TrainerRunDirTest {

    @TempDir
    Path dir;

    private static final String BODY = "affine(12) - batchnorm - relu - affine(2) - softmax";
    private static final String PREPROCESSING = "{\"normalization\":\"none\",\"scale\":1.0}";

    private static Set<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void theLastCheckpointRoundTripsThroughTheRunDirectory() throws IOException {
        LayerGraph g = model(BODY, """
                optimizer = momentum(lr = 0.05)
                lrDecay = 0.5
                epochs = 3
                batchSize = 32
                keepBest = false
                """);
        Network net = network(g, 21);
        TrainingResult r = new Trainer(net, g.train(), 21).writingTo(dir, PREPROCESSING)
                .train(blobSplits(false), TrainingListener.NONE);

        assertEquals(Set.of(RunFiles.LAST, RunFiles.BEST, RunFiles.HISTORY, RunFiles.METRICS, RunFiles.MANIFEST),
                files(dir));
        Checkpoint last = Checkpoint.read(dir.resolve(RunFiles.LAST));
        assertEquals(new CheckpointMeta("Blobs", GraphHash.of(g), PREPROCESSING, 3, net.rng().state(),
                r.bestValAcc(), java.util.OptionalLong.of(21)), last.meta());
        assertEquals(0.05 * 0.5 * 0.5 * 0.5, last.optimizer().orElseThrow().lr(), 1e-18);
        assertEquals("momentum", last.optimizer().orElseThrow().name());

        Network loaded = network(g, 22);
        last.loadInto(loaded.parameters());
        assertBitIdentical(values(net.parameters()), values(loaded.parameters()));
        assertEquals(r.history(), HistoryCsv.read(dir.resolve(RunFiles.HISTORY)).stream()
                .map(s -> new EpochStats(s.epoch(), s.loss(), s.trainAcc(), s.valLoss(), s.valAcc(), s.lr(),
                        r.history().get(s.epoch() - 1).seconds()))
                .toList());
        assertEquals(MetricsJsonl.format(HistoryCsv.read(dir.resolve(RunFiles.HISTORY))),
                Files.readString(dir.resolve(RunFiles.METRICS)), "metrics.jsonl holds the history's numbers");
    }

    @Test
    void aCheckpointOfAnotherModelIsRefusedNamingTheFirstMismatch() {
        LayerGraph g = model(BODY, "epochs = 1");
        Network net = network(g, 1);
        new Trainer(net, g.train(), 1).writingTo(dir, "{}").train(blobSplits(false), TrainingListener.NONE);
        Checkpoint last = Checkpoint.read(dir.resolve(RunFiles.LAST));

        LayerGraph wider = model(BODY.replace("affine(12)", "affine(16)"), "epochs = 1");
        Network other = network(wider, 1);
        double[][] before = values(other.parameters());
        CheckpointException e = assertThrows(CheckpointException.class, () -> last.loadInto(other.parameters()));
        assertEquals(dir.resolve(RunFiles.LAST) + ": tensor 'affine_1.W' has shape (6, 12) in the checkpoint but"
                + " (6, 16) in the model", e.getMessage());
        assertBitIdentical(before, values(other.parameters()));

        TrainingException t = assertThrows(TrainingException.class,
                () -> new Trainer(other, wider.train(), 1).resumeFrom(last, List.of()));
        assertTrue(t.getMessage().contains("different model"), t.getMessage());
        assertBitIdentical(before, values(other.parameters()));
    }

    @Test
    void anAbsurdLearningRateStopsTheRunWithAHint() {
        LayerGraph g = model(BODY, """
                optimizer = sgd(lr = 1e30)
                epochs = 3
                batchSize = 16
                """);
        TrainingException e = assertThrows(TrainingException.class,
                () -> new Trainer(network(g, 3), g.train(), 3).train(blobSplits(false), TrainingListener.NONE));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1, batch "), e.getMessage());
        assertTrue(e.getMessage().contains("Lower the learning rate (it is 1.000e+30; try --set lr=1.000e+29)"),
                e.getMessage());
    }

    @Test
    void divergenceLeavesTheLastGoodCheckpointIntactAndNoTemporaryFiles() throws IOException {
        // A sane first epoch, then a learning rate of 0.05·1e30 from the second on.
        LayerGraph g = model(BODY, """
                optimizer = sgd(lr = 0.05)
                lrDecay = 1e30
                epochs = 4
                batchSize = 16
                keepBest = false
                """);
        Network net = network(g, 3);
        double[][][] afterEpoch1 = new double[1][][];
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(net, g.train(), 3)
                .writingTo(dir, "{}").train(blobSplits(false), new TrainingListener() {
                    @Override
                    public void epochDone(EpochStats stats, boolean improved) {
                        afterEpoch1[0] = values(net.parameters());
                    }
                }));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 2, batch "), e.getMessage());
        assertTrue(e.getMessage().contains("the last good checkpoint is " + dir.resolve(RunFiles.LAST)), e.getMessage());

        assertEquals(Set.of(RunFiles.LAST, RunFiles.BEST, RunFiles.HISTORY, RunFiles.METRICS, RunFiles.MANIFEST),
                files(dir));
        Checkpoint last = Checkpoint.read(dir.resolve(RunFiles.LAST));
        assertEquals(1, last.meta().epoch());
        assertBitIdentical(afterEpoch1[0], values(last, net.parameters()));
        for (double[] p : afterEpoch1[0]) {
            for (double v : p) {
                assertTrue(Double.isFinite(v));
            }
        }
        assertEquals(1, HistoryCsv.read(dir.resolve(RunFiles.HISTORY)).size());
    }

    @Test
    void weightsRuinedByAnEpochsLastStepAreNotCheckpointed() throws IOException {
        // One batch per epoch: the step that ruins the weights is the epoch's last, so no training loss of
        // this epoch is non-finite; the evaluation after it must catch it before last.safetensors is written.
        LayerGraph g = model(BODY, """
                optimizer = sgd(lr = 1e30)
                epochs = 3
                batchSize = 240
                """);
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(network(g, 3), g.train(), 3)
                .writingTo(dir, "{}").train(blobSplits(false), TrainingListener.NONE));
        assertTrue(e.getMessage().startsWith("training diverged in epoch 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Lower the learning rate"), e.getMessage());
        assertEquals(Set.of(), files(dir));
    }

    @Test
    void aRunDirectoryWithTheOlderHistoryResumesToTheSameRun() throws IOException {
        // before val_loss had a column, a regression run wrote its validation loss as val_acc
        LayerGraph g = model("affine(8) - tanh - affine(1) - mse", """
                optimizer = adam(lr = 0.01)
                epochs = 4
                batchSize = 25
                """);
        var data = TrainingFixtures.splits(TrainingFixtures.regression("train", 200, 1),
                TrainingFixtures.regression("validation", 50, 2));
        TrainingResult straight = new Trainer(network(g, 8), g.train(), 8).train(data, TrainingListener.NONE);

        Path old = dir.resolve("old");
        new Trainer(network(g, 8), g.train().withEpochs(2), 8).writingTo(old, "{}").train(data, TrainingListener.NONE);
        StringBuilder v1 = new StringBuilder(HistoryCsv.HEADER_V1).append('\n');
        for (EpochStats s : HistoryCsv.read(old.resolve(RunFiles.HISTORY))) {
            v1.append(s.epoch()).append(',').append(s.loss()).append(",,").append(s.valLoss()).append(',')
                    .append(s.lr()).append(',').append("1.000\n");
        }
        Files.writeString(old.resolve(RunFiles.HISTORY), v1);

        Trainer resumed = new Trainer(network(g, 99), g.train(), 8).writingTo(old, "{}");
        resumed.resumeFrom(Checkpoint.read(old.resolve(RunFiles.LAST)), HistoryCsv.read(old.resolve(RunFiles.HISTORY)));
        TrainingResult r = resumed.train(data, TrainingListener.NONE);
        assertEquals(TrainingFixtures.withoutSeconds(straight.history()), TrainingFixtures.withoutSeconds(r.history()));
        assertEquals(straight.bestEpoch(), r.bestEpoch());
        assertEquals(HistoryCsv.HEADER, Files.readAllLines(old.resolve(RunFiles.HISTORY)).get(0),
                "the resumed run writes the current form");
    }
}
