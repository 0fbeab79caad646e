package dev.nnc.train;

import static dev.nnc.train.TrainingFixtures.assertBitIdentical;
import static dev.nnc.train.TrainingFixtures.bitIdentical;
import static dev.nnc.train.TrainingFixtures.blobSplits;
import static dev.nnc.train.TrainingFixtures.model;
import static dev.nnc.train.TrainingFixtures.network;
import static dev.nnc.train.TrainingFixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.exec.Network;
import dev.nnc.graph.LayerGraph;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-epoch schedule of the loop: learning-rate decay, keeping the best weights, early stopping. */
class TrainerScheduleTest {

    @TempDir
    Path dir;

    private static final String MLP = "affine(12) - relu - affine(2) - softmax";

    @Test
    void learningRateDecaysOncePerEpoch() {
        LayerGraph g = model(MLP, """
                optimizer = momentum(lr = 0.05)
                lrDecay = 0.8
                epochs = 5
                batchSize = 32
                seed = 3
                """);
        Network net = network(g, 3);
        Trainer trainer = new Trainer(net, g.train(), 3);
        TrainingResult r = trainer.train(blobSplits(false), TrainingListener.NONE);

        assertEquals(5, r.history().size());
        for (EpochStats s : r.history()) {
            // recorded to 12 significant digits: 0.04, not the 0.04000000000000001 the optimizer stepped with
            assertEquals(0.05 * Math.pow(0.8, s.epoch() - 1), s.lr(), 1e-16, "lr of epoch " + s.epoch());
            assertEquals(Double.toString(s.lr()).length(), Double.toString(s.lr()).replaceAll("0000000", "").length(),
                    "no float noise in " + s.lr());
        }
        assertEquals(0.05 * Math.pow(0.8, 5), trainer.optimizer().learningRate(), 0.0);
    }

    /** Validation labels are the training labels flipped: the better the model, the worse its validation score. */
    private static final String FLIPPED_VALIDATION = """
            optimizer = sgd(lr = 0.05)
            epochs = 6
            batchSize = 16
            seed = 11
            """;

    /** Records the weights at every epoch that improved the validation score. */
    private static final class BestSnapshots implements TrainingListener {
        final Network net;
        final Map<Integer, double[][]> improvedAt = new HashMap<>();
        final Map<Integer, double[][]> atEpoch = new HashMap<>();

        BestSnapshots(Network net) {
            this.net = net;
        }

        @Override
        public void epochDone(EpochStats stats, boolean improved) {
            atEpoch.put(stats.epoch(), values(net.parameters()));
            if (improved) {
                improvedAt.put(stats.epoch(), values(net.parameters()));
            }
        }
    }

    @Test
    void keepBestEndsWithTheWeightsOfTheBestValidationEpoch() {
        LayerGraph g = model(MLP, FLIPPED_VALIDATION + "keepBest = true");
        Network net = network(g, 11);
        BestSnapshots seen = new BestSnapshots(net);
        TrainingResult r = new Trainer(net, g.train(), 11).writingTo(dir, "{}").train(blobSplits(true), seen);

        assertEquals(6, r.history().size());
        assertTrue(r.bestEpoch() < 6, "the flipped validation set should peak early, best epoch " + r.bestEpoch());
        double maxVal = r.history().stream().mapToDouble(EpochStats::valAcc).max().orElseThrow();
        assertEquals(maxVal, r.bestValAcc(), 0.0);
        assertEquals(maxVal, r.history().get(r.bestEpoch() - 1).valAcc(), 0.0);
        assertTrue(seen.improvedAt.containsKey(r.bestEpoch()));

        double[][] finalWeights = values(net.parameters());
        assertBitIdentical(seen.improvedAt.get(r.bestEpoch()), finalWeights);
        Checkpoint best = Checkpoint.read(dir.resolve(RunFiles.BEST));
        assertEquals(r.bestEpoch(), best.meta().epoch());
        assertBitIdentical(values(best, net.parameters()), finalWeights);
        // the last checkpoint is still the last epoch's, which differ from the best
        Checkpoint last = Checkpoint.read(dir.resolve(RunFiles.LAST));
        assertEquals(6, last.meta().epoch());
        assertBitIdentical(seen.atEpoch.get(6), values(last, net.parameters()));
        assertFalse(bitIdentical(seen.atEpoch.get(6), finalWeights));
    }

    @Test
    void withoutKeepBestTheLastEpochsWeightsStay() {
        LayerGraph g = model(MLP, FLIPPED_VALIDATION + "keepBest = false");
        Network net = network(g, 11);
        BestSnapshots seen = new BestSnapshots(net);
        TrainingResult r = new Trainer(net, g.train(), 11).train(blobSplits(true), seen);

        assertTrue(r.bestEpoch() < 6);
        assertBitIdentical(seen.atEpoch.get(6), values(net.parameters()));
        assertFalse(bitIdentical(seen.improvedAt.get(r.bestEpoch()), values(net.parameters())));
    }

    @Test
    void earlyStopEndsTheRunAfterPatienceEpochsWithoutImprovement() {
        LayerGraph g = model(MLP, FLIPPED_VALIDATION.replace("epochs = 6", "epochs = 30") + "earlyStop = earlyStop(patience = 2)");
        Network net = network(g, 11);
        List<String> messages = new java.util.ArrayList<>();
        TrainingResult r = new Trainer(net, g.train(), 11).train(blobSplits(true), new TrainingListener() {
            @Override
            public void message(String text) {
                messages.add(text);
            }
        });

        assertTrue(r.stoppedEarly());
        assertEquals(r.bestEpoch() + 2, r.history().size());
        for (EpochStats s : r.history().subList(r.bestEpoch(), r.history().size())) {
            assertTrue(s.valAcc() <= r.bestValAcc(), "epoch " + s.epoch() + " improved on the best");
        }
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("early stop")), messages.toString());
    }

    @Test
    void earlyStopDoesNotFireWhileValidationKeepsImproving() {
        LayerGraph g = model(MLP, """
                optimizer = sgd(lr = 0.05)
                epochs = 4
                batchSize = 16
                seed = 11
                earlyStop = earlyStop(patience = 10)
                """);
        TrainingResult r = new Trainer(network(g, 11), g.train(), 11).train(blobSplits(false), TrainingListener.NONE);
        assertFalse(r.stoppedEarly());
        assertEquals(4, r.history().size());
    }
}
