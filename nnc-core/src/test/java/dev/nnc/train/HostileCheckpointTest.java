package dev.nnc.train;

import static dev.nnc.train.TrainingFixtures.blobSplits;
import static dev.nnc.train.TrainingFixtures.model;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.exec.Network;
import dev.nnc.graph.GraphHash;
import dev.nnc.graph.LayerGraph;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt or foreign checkpoint metadata, and a loss that explodes without overflowing: clear errors naming the
 * file and the problem, never an internal error or a run that goes on.
 */
class HostileCheckpointTest {

    @TempDir
    Path dir;

    private static final String BODY = "affine(8) - relu - affine(2) - softmax";

    private static LayerGraph graph(int epochs, String optimizer) {
        return model(BODY, "optimizer = " + optimizer + "\nepochs = " + epochs + "\nbatchSize = 16\n");
    }

    private Path checkpointWith(String key, String value) {
        LayerGraph g = graph(2, "adam(lr = 1e-3)");
        Network net = TrainingFixtures.network(g, 1);
        Path file = dir.resolve(key + ".safetensors");
        Checkpoint.save(file, new CheckpointMeta("Blobs", GraphHash.of(g), "{}", 1, 0, 0.5, OptionalLong.of(1)),
                net.parameters(), Optimizers.create(g.train().optimizer(), net.parameters()));
        Map<String, String> metadata = new LinkedHashMap<>(SafeTensors.read(file).metadata());
        metadata.put(key, value);
        SafeTensors.write(file, metadata, List.copyOf(
                Checkpoint.read(file).tensors().values().stream().map(t -> SafeTensorSource.of(t.name(),
                        t.toTensor(dev.nnc.tensor.Precision.FLOAT32))).toList()));
        return file;
    }

    private static String refused(Path file) {
        return assertThrows(CheckpointException.class, () -> Checkpoint.read(file)).getMessage();
    }

    @Test
    void epochsOutsideAnyRunAreCorruption() {
        for (String epoch : List.of("-5", "2147483647", "1000001")) {
            Path f = checkpointWith("epoch", epoch);
            assertEquals(f + ": metadata 'epoch' = " + epoch + " is not an epoch count (0 to 1000000)", refused(f));
        }
    }

    @Test
    void anOptimizerWithoutALearningRateIsRefused() {
        Path f = checkpointWith("optimizer", "{\"name\":\"adam\",\"hyper\":{\"beta1\":0.9},\"scalars\":{}}");
        assertTrue(refused(f).endsWith("is not a JSON object whose 'hyper' has a positive, finite 'lr'"), refused(f));
    }

    @Test
    void resumingAtAnEpochBeyondTheRunNamesBoth() {
        Path f = checkpointWith("epoch", "99");
        LayerGraph g = graph(2, "adam(lr = 1e-3)");
        Trainer t = new Trainer(TrainingFixtures.network(g, 1), g.train(), 1);
        TrainingException e = assertThrows(TrainingException.class, () -> t.resumeFrom(Checkpoint.read(f), List.of()));
        assertTrue(e.getMessage().contains("is from epoch 99, but this run trains 2 epochs; pass --epochs 99"),
                e.getMessage());
    }

    @Test
    void aLossGrowingByOrdersOfMagnitudeStopsAsDivergence() {
        LayerGraph g = graph(5, "adam(lr = 1e6)");
        TrainingException e = assertThrows(TrainingException.class, () -> new Trainer(TrainingFixtures.network(g, 4), g.train(), 4)
                .train(blobSplits(false), TrainingListener.NONE));
        assertTrue(e.getMessage().startsWith("training diverged in epoch "), e.getMessage());
        assertTrue(e.getMessage().contains("times the first loss"), e.getMessage());
    }
}
