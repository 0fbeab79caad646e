package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.data.DataException;
import dev.nnc.data.Dataset;
import dev.nnc.ops.Parameter;
import dev.nnc.graph.Shape;
import dev.nnc.graph.GraphHash;
import dev.nnc.graph.LayerGraph;
import dev.nnc.tensor.Precision;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.CheckpointException;
import dev.nnc.train.CheckpointMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Model} without data: seeding, save/load round trips across precisions, and misuse. */
class ModelTest {

    @TempDir
    Path dir;

    private LayerGraph compile(String units, String loss) throws IOException {
        Path f = dir.resolve("m" + units + loss + ".nn");
        Files.writeString(f, "model M {\n input(4)\n affine(" + units + ") - relu - affine(3) - " + loss
                + "\n train { seed = 5 }\n}\n");
        return Nnc.compile(f, CompileOptions.defaults()).orThrow().graph();
    }

    private static double[] weights(Model m) {
        List<Parameter> ps = m.network().parameters();
        return ps.stream().flatMapToDouble(p -> IntStream.range(0, p.value().size())
                .mapToDouble(p.value()::get)).toArray();
    }

    @Test
    void theTrainBlocksSeedFixesTheInitialWeights() throws IOException {
        LayerGraph g = compile("5", "softmax");
        Model a = Model.create(g);
        Model b = Model.create(g);
        assertEquals(5, a.seed());
        assertTrue(Arrays.equals(weights(a), weights(b)));
        Model c = Model.create(g, g.train().withSeed(6));
        assertNotEquals(Arrays.toString(weights(a)), Arrays.toString(weights(c)));
    }

    @Test
    void saveThenLoadGivesTheSameWeightsInEitherPrecision() throws IOException {
        LayerGraph g = compile("5", "softmax");
        Model m = Model.create(g);
        Path file = dir.resolve("m.safetensors");
        m.save(file);
        double[] saved = weights(m);
        assertTrue(Arrays.equals(saved, weights(Model.load(g, Precision.FLOAT32, file))));
        // float32 values are exact in float64
        assertTrue(Arrays.equals(saved, weights(Model.load(g, Precision.FLOAT64, file))));
    }

    @Test
    void loadingAnotherModelsCheckpointNamesTheFileAndTheTensor() throws IOException {
        Path file = dir.resolve("wide.safetensors");
        Model.create(compile("6", "softmax")).save(file);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Model.load(compile("5", "softmax"), Precision.FLOAT32, file, true));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("affine_1.W"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherGraphIsRefusedUnlessForcedThenLoadedWithAWarning() throws IOException {
        Path file = dir.resolve("relu.safetensors");
        LayerGraph withRelu = compile("6", "relu - affine(3) - softmax");
        LayerGraph withTanh = compile("6", "tanh - affine(3) - softmax"); // same tensors, another graph
        Model.create(withRelu).save(file);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Model.load(withTanh, Precision.FLOAT32, file));
        assertTrue(e.getMessage().contains("graph hash differs") && e.getMessage().contains("--force"),
                e.getMessage());
        Model forced = Model.load(withTanh, Precision.FLOAT32, file, true);
        assertEquals(1, forced.warnings().size());
        assertTrue(Model.load(withRelu, Precision.FLOAT32, file).warnings().isEmpty());
    }

    @Test
    void evaluateAndPredictRefuseExamplesOfAnotherShapeNamingTheSource() throws IOException {
        Model m = Model.create(compile("5", "softmax"));
        Dataset six = Dataset.ofFloats("small.csv", Shape.of(6), new float[12], new int[] {0, 1}, null, 3);
        DataException e = assertThrows(DataException.class, () -> m.evaluate(six));
        assertTrue(e.getMessage().startsWith("small.csv: "), e.getMessage());
        assertTrue(e.getMessage().contains("(4)"), e.getMessage());
        assertThrows(DataException.class, () -> m.predict(six, 1, List.of("a", "b", "c")));
    }

    @Test
    void evaluateRefusesLabelsOutsideTheModelsClasses() throws IOException {
        Model m = Model.create(compile("5", "softmax"));
        Dataset five = Dataset.ofFloats("five.csv", Shape.of(4), new float[8], new int[] {0, 4}, null, 5);
        DataException e = assertThrows(DataException.class, () -> m.evaluate(five));
        assertTrue(e.getMessage().contains("label 4"), e.getMessage());
    }

    @Test
    void damagedPreprocessingMetadataIsACheckpointErrorNamingTheFileAndTheField() throws IOException {
        LayerGraph g = compile("5", "softmax");
        Model m = Model.create(g);
        Path file = dir.resolve("damaged.safetensors");
        Checkpoint.save(file, new CheckpointMeta(g.model(), GraphHash.of(g), "{\"normalization\": \"mean\"}", 0, 0,
                Double.NaN), m.network().parameters(), null);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Model.load(g, Precision.FLOAT32, file));
        assertEquals(file + ": preprocessing metadata: \"shape\" must be an array of numbers", e.getMessage());
    }

    @Test
    void predictNeedsAClassifier() throws IOException {
        Model m = Model.create(compile("5", "mse"));
        assertThrows(IllegalStateException.class, () -> m.predict(null, 1, List.of()));
    }
}
