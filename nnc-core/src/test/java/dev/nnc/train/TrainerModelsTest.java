package dev.nnc.train;

import static dev.nnc.train.TrainingFixtures.blobSplits;
import static dev.nnc.train.TrainingFixtures.model;
import static dev.nnc.train.TrainingFixtures.network;
import static dev.nnc.train.TrainingFixtures.regression;
import static dev.nnc.train.TrainingFixtures.splits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.data.DataSplits;
import dev.nnc.exec.Network;
import dev.nnc.graph.LayerGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kinds of model the loop trains (classifier, regression) and the one it refuses (no loss layer). */
class TrainerModelsTest {

    @Test
    void aModelWithoutALossLayerIsRefusedWithAFix() {
        LayerGraph g = model("affine(8) - relu - affine(2)", "epochs = 1");
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(network(g, 1), g.train(), 1));
        assertEquals("model Blobs cannot be trained: it has no loss layer. End it with softmax or svm"
                + " (classification) or mse (regression); without one it can only predict", e.getMessage());
    }

    @Test
    void aClassifierLearnsTheBlobs() {
        LayerGraph g = model("affine(12) - relu - affine(2) - svm", """
                optimizer = nesterov(lr = 0.02)
                epochs = 4
                batchSize = 20
                """);
        TrainingResult r = new Trainer(network(g, 4), g.train(), 4).train(blobSplits(false), TrainingListener.NONE);
        List<EpochStats> h = r.history();
        assertTrue(h.get(3).loss() < h.get(0).loss(), h.toString());
        // the blobs' centres are 0.6·√6 ≈ 1.5 noise units from the boundary: the Bayes accuracy is about 0.93
        assertTrue(h.get(3).valAcc() > 0.8, h.toString());
        assertTrue(h.get(3).valLoss() < h.get(0).valLoss(), "the validation loss is measured too: " + h);
        assertTrue(h.get(3).trainAcc() > 0.8, h.toString());
    }

    @Test
    void aRegressionModelTrainsAndItsLossGoesDown() {
        LayerGraph g = model("affine(16) - tanh - affine(1) - mse", """
                optimizer = adam(lr = 0.01)
                epochs = 8
                batchSize = 25
                l2 = 1e-4
                """);
        DataSplits data = splits(regression("train", 300, 1), regression("validation", 100, 2));
        Network net = network(g, 8);
        TrainingResult r = new Trainer(net, g.train(), 8).train(data, TrainingListener.NONE);

        List<EpochStats> h = r.history();
        assertEquals(8, h.size());
        for (int i = 1; i < h.size(); i++) {
            assertTrue(h.get(i).loss() < h.get(i - 1).loss(), "loss went up at epoch " + (i + 1) + ": " + h);
        }
        // the targets' variance is about 6·(0.25+0.0625)/2 ≈ 0.94; a fitted model is far below that
        assertTrue(h.get(7).loss() < 0.25 * h.get(0).loss(), h.toString());
        // for regression the best epoch is the one with the lowest validation loss; there is no accuracy
        double minVal = h.stream().mapToDouble(EpochStats::valLoss).min().orElseThrow();
        assertEquals(minVal, h.get(r.bestEpoch() - 1).valLoss(), 0.0);
        assertEquals(-minVal, r.bestValAcc(), 0.0);
        assertTrue(Double.isNaN(h.get(0).trainAcc()));
        assertTrue(h.stream().allMatch(s -> Double.isNaN(s.valAcc())), h.toString());
    }
}
