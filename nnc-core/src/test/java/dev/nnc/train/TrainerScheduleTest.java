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

    @Test
    void aPerBatchScheduleSetsEveryStepsRateAndTheHistoryRecordsTheEpochsLast() {
        LayerGraph g = model(MLP, """
                optimizer = sgd(lr = 0.1)
                schedule = cosine(warmup = 1, minLr = 0.001)
                epochs = 3
                batchSize = 32
                seed = 3
                """);
        java.util.List<Double> rates = new java.util.ArrayList<>();
        int[] batches = new int[1];
        Trainer trainer = new Trainer(network(g, 3), g.train(), 3);
        TrainingResult r = trainer.train(blobSplits(false), new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int epochs, int count) {
                batches[0] = count;
            }

            @Override
            public void batchDone(int epoch, int batch, int count, double loss, long examples, double lr) {
                rates.add(lr);
            }
        });
        int b = batches[0];
        assertEquals(3 * b, rates.size());
        Schedule cosine = Schedules.create(g.train().schedule(), 3);
        for (int s = 0; s < rates.size(); s++) {
            assertEquals(cosine.rate(0.1, s / b + 1, s % b, b, List.of()), rates.get(s), 0.0, "step " + s);
        }
        assertEquals(0.1 / b, rates.get(0), 1e-15, "the warm-up starts at lr0 / W");
        for (EpochStats e : r.history()) {
            assertEquals(Schedules.recorded(rates.get(e.epoch() * b - 1)), e.lr(), 0.0, "epoch " + e.epoch());
        }
        // after the run the optimizer holds the rate the next step would take: the end of the cosine
        assertEquals(0.001, trainer.optimizer().learningRate(), 1e-15);
    }

    @Test
    void reduceOnPlateauNeedsAValidationSet() {
        LayerGraph g = model(MLP, """
                optimizer = sgd(lr = 0.1)
                schedule = reduceOnPlateau
                epochs = 2
                seed = 3
                """);
        var data = blobSplits(false);
        var noValidation = new dev.nnc.data.DataSplits(data.train(), data.train().head(0), java.util.Optional.empty(),
                data.preprocessing());
        TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingException.class,
                () -> new Trainer(network(g, 3), g.train(), 3).train(noValidation, TrainingListener.NONE));
        assertEquals("schedule = reduceOnPlateau(monitor = valLoss, patience = 5, factor = 0.1, minLr = 0) watches "
                + "the validation loss, but this run has no validation set; give the data a validation split "
                + "(validation = 5000, say)", e.getMessage());
    }

    @Test
    void labelSmoothingChangesTheTrainingLossButTheValidationLossStaysPlain() {
        String train = """
                optimizer = sgd(lr = 0.05)
                epochs = 1
                batchSize = 32
                seed = 3
                """;
        LayerGraph plain = model(MLP, train);
        LayerGraph smoothed = model(MLP, train + "labelSmoothing = 0.2");
        assertEquals(0.2, smoothed.train().labelSmoothing(), 0.0);
        TrainingResult a = new Trainer(network(plain, 3), plain.train(), 3).train(blobSplits(false),
                TrainingListener.NONE);
        Network net = network(smoothed, 3);
        var data = blobSplits(false);
        TrainingResult b = new Trainer(net, smoothed.train(), 3).train(data, TrainingListener.NONE);
        // the same first weights and batches, scored against other targets (SoftmaxTest pins the formula)
        assertTrue(b.history().get(0).loss() != a.history().get(0).loss(), a.history() + " " + b.history());
        // the validation loss is the plain cross-entropy of the trained weights
        assertEquals(Evaluation.of(net, data.validation(), 32).loss(), b.history().get(0).valLoss(), 0.0);
    }

    @Test
    void labelSmoothingIsRefusedForALossOtherThanSoftmax() {
        LayerGraph g = model("affine(12) - relu - affine(2) - svm", "labelSmoothing = 0.1");
        TrainingException e = org.junit.jupiter.api.Assertions.assertThrows(TrainingException.class,
                () -> new Trainer(network(g, 3), g.train(), 3));
        assertEquals("labelSmoothing = 0.1 needs a softmax loss, but Blobs ends in svm; remove labelSmoothing",
                e.getMessage());
    }
}
