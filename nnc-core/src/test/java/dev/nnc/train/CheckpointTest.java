package dev.nnc.train;

import static dev.nnc.train.OptimizerTestSupport.param;
import static dev.nnc.train.OptimizerTestSupport.spec;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.nnc.ops.Parameter;
import dev.nnc.graph.ParamRole;
import dev.nnc.tensor.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    private static final CheckpointMeta META = new CheckpointMeta("mlp", "sha256:abc", "{\"mean\":0.286,\"std\":0.353}",
            3, -4242424242424242L, 0.8125, java.util.OptionalLong.of(-77));

    /** A small network: an affine layer and a batchnorm's running mean (not trainable). */
    private static List<Parameter> network(Precision p, double scale) {
        return List.of(
                scaled(param("affine_1.W", ParamRole.WEIGHT, p, new double[] {0.1, -0.2, 0.3, 0.4, -0.5, 0.6}, 2, 3),
                        scale),
                scaled(param("affine_1.b", ParamRole.BIAS, p, new double[] {0.01, 0.02, 0.03}, 3), scale),
                scaled(param("batchnorm_1.running_mean", ParamRole.STATE, p, new double[] {1, 2, 3}, 3), scale));
    }

    private static Parameter scaled(Parameter p, double scale) {
        for (int i = 0; i < p.value().size(); i++) {
            p.value().set(i, p.value().get(i) * scale);
        }
        return p;
    }

    private static void trainStep(Optimizer opt, List<Parameter> params, int step) {
        for (Parameter p : params) {
            if (p.grad() != null) {
                for (int i = 0; i < p.grad().size(); i++) {
                    p.grad().set(i, Math.sin(step + 0.7 * i));
                }
            }
        }
        opt.step();
    }

    private static double[] values(List<Parameter> params) {
        return params.stream().flatMapToDouble(p -> java.util.Arrays.stream(p.value().toDoubleArray())).toArray();
    }

    @Test
    void roundTripRestoresParametersBitExactAndTheMetadata() {
        for (Precision precision : Precision.values()) {
            List<Parameter> saved = network(precision, 1.0 / 3);
            Optimizer adam = Optimizers.create(spec("adam"), saved);
            trainStep(adam, saved, 1);
            trainStep(adam, saved, 2);
            adam.setLearningRate(0.05);
            Path file = dir.resolve("ckpt-" + precision.label() + ".safetensors");
            Checkpoint.save(file, META, saved, adam);

            Checkpoint read = Checkpoint.read(file);
            assertEquals(META, read.meta());
            assertEquals(Checkpoint.NNC_VERSION, read.nncVersion());
            assertEquals(spec("adam").with("lr", 0.05), read.optimizer().orElseThrow());
            assertEquals(Map.of("t", 2.0), read.optimizerScalars());
            assertEquals(List.of("affine_1.W", "affine_1.b", "batchnorm_1.running_mean", "opt.m/affine_1.W",
                    "opt.m/affine_1.b", "opt.v/affine_1.W", "opt.v/affine_1.b"), List.copyOf(read.tensors().keySet()));

            List<Parameter> loaded = network(precision, 0);
            read.loadInto(loaded);
            assertArrayEquals(values(saved), values(loaded), 0.0);
        }
    }

    @Test
    void theSeedIsStoredAndACheckpointWithoutOneReadsAsEmpty() {
        Path file = dir.resolve("seeded.safetensors");
        Checkpoint.save(file, META, network(Precision.FLOAT32, 1), null);
        assertEquals(-77, Checkpoint.read(file).meta().seed().getAsLong());
        Path old = dir.resolve("unseeded.safetensors");
        Checkpoint.save(old, new CheckpointMeta("mlp", "h", "{}", 1, 5, 0.5), network(Precision.FLOAT32, 1), null);
        assertTrue(Checkpoint.read(old).meta().seed().isEmpty());
    }

    @Test
    void resumingContinuesExactlyAsAnUninterruptedRun() {
        List<Parameter> uninterrupted = network(Precision.FLOAT32, 1);
        Optimizer a = Optimizers.create(spec("rmsprop"), uninterrupted);
        trainStep(a, uninterrupted, 1);
        a.setLearningRate(0.07);
        Path file = dir.resolve("resume.safetensors");
        Checkpoint.save(file, META, uninterrupted, a);

        List<Parameter> resumed = network(Precision.FLOAT32, 0);
        Optimizer b = Optimizers.create(spec("rmsprop"), resumed);
        Checkpoint ckpt = Checkpoint.read(file);
        ckpt.loadInto(resumed);
        ckpt.restoreOptimizer(b);
        assertEquals(0.07, b.learningRate());
        for (int step = 2; step <= 4; step++) {
            trainStep(a, uninterrupted, step);
            trainStep(b, resumed, step);
        }
        assertArrayEquals(values(uninterrupted), values(resumed), 0.0);
    }

    @Test
    void loadsAcrossPrecisions() {
        Path f32 = dir.resolve("f32.safetensors");
        List<Parameter> small = network(Precision.FLOAT32, 1.0 / 3);
        Checkpoint.save(f32, META, small, null);
        List<Parameter> wide = network(Precision.FLOAT64, 0);
        Checkpoint.read(f32).loadInto(wide);
        assertArrayEquals(values(small), values(wide), 0.0, "float to double is exact");

        Path f64 = dir.resolve("f64.safetensors");
        List<Parameter> exact = network(Precision.FLOAT64, 1.0 / 3);
        Checkpoint.save(f64, META, exact, null);
        List<Parameter> narrowed = network(Precision.FLOAT32, 0);
        Checkpoint.read(f64).loadInto(narrowed);
        double[] expected = values(exact);
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) expected[i];
        }
        assertArrayEquals(expected, values(narrowed), 0.0, "double to float rounds to nearest");
    }

    @Test
    void mismatchesNameTheFirstOffendingTensorAndChangeNothing() {
        Path file = dir.resolve("ckpt.safetensors");
        Checkpoint.save(file, META, network(Precision.FLOAT64, 1), null);
        Checkpoint ckpt = Checkpoint.read(file);

        List<Parameter> missing = new ArrayList<>(network(Precision.FLOAT64, 0));
        missing.add(0, param("conv_1.W", ParamRole.WEIGHT, Precision.FLOAT64, new double[4], 2, 2));
        missing.add(param("conv_2.W", ParamRole.WEIGHT, Precision.FLOAT64, new double[4], 4));
        assertEquals(file + ": has no tensor 'conv_1.W' of shape (2, 2) that the model needs",
                assertThrows(CheckpointException.class, () -> ckpt.loadInto(missing)).getMessage());
        assertArrayEquals(new double[4 + 6 + 3 + 3 + 4], values(missing), 0.0);

        List<Parameter> reshaped = List.of(
                param("affine_1.W", ParamRole.WEIGHT, Precision.FLOAT64, new double[6], 3, 2),
                param("affine_1.b", ParamRole.BIAS, Precision.FLOAT64, new double[2], 2));
        assertEquals(file + ": tensor 'affine_1.W' has shape (2, 3) in the checkpoint but (3, 2) in the model",
                assertThrows(CheckpointException.class, () -> ckpt.loadInto(reshaped)).getMessage());

        List<Parameter> fewer = network(Precision.FLOAT64, 0).subList(0, 2);
        assertEquals(file + ": has a tensor 'batchnorm_1.running_mean' that the model does not have",
                assertThrows(CheckpointException.class, () -> ckpt.loadInto(fewer)).getMessage());
        assertArrayEquals(new double[9], values(fewer), 0.0);
    }

    @Test
    void optimizerMismatchesAreClear() {
        Path file = dir.resolve("ckpt.safetensors");
        List<Parameter> params = network(Precision.FLOAT64, 1);
        Checkpoint.save(file, META, params, null);
        Optimizer sgd = Optimizers.create(spec("sgd"), params);
        assertEquals(file + ": holds no optimizer state to resume from",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(file).restoreOptimizer(sgd)).getMessage());

        Checkpoint.save(file, META, params, Optimizers.create(spec("momentum"), params));
        assertEquals(file + ": was trained with momentum but the model now uses sgd; resuming needs the same optimizer",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(file).restoreOptimizer(sgd)).getMessage());

        List<Parameter> other = List.of(param("affine_9.W", ParamRole.WEIGHT, Precision.FLOAT64, new double[2], 2));
        Optimizer momentum = Optimizers.create(spec("momentum"), other);
        assertEquals(file + ": cannot resume the optimizer: momentum state has no tensor 'opt.v/affine_9.W'",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(file).restoreOptimizer(momentum))
                        .getMessage());
    }

    @Test
    void aPlainSafetensorsFileIsNotACheckpoint() {
        Path file = dir.resolve("plain.safetensors");
        SafeTensors.write(file, Map.of(), List.of(SafeTensorSource.ofLongs("x", new long[] {1})));
        assertEquals(file + ": metadata has no 'format_version'; is this an nnc checkpoint?",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(file)).getMessage());
    }

    @Test
    void newerFormatsAndBadMetadataAreRejected() {
        Path file = dir.resolve("future.safetensors");
        SafeTensors.write(file, Map.of("format_version", "2"), List.of());
        assertEquals(file + ": checkpoint format 2 is newer than this nnc reads (1); upgrade nnc",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(file)).getMessage());

        Checkpoint.save(file, META, List.of(), null);
        var metadata = new java.util.LinkedHashMap<>(SafeTensors.read(file).metadata());
        metadata.put("epoch", "three");
        SafeTensors.write(file, metadata, List.of());
        assertEquals(file + ": metadata 'epoch' = 'three' is not an integer",
                assertThrows(CheckpointException.class, () -> Checkpoint.read(file)).getMessage());
        metadata.put("epoch", "3");
        metadata.put("optimizer", "{\"name\": \"adam\"}");
        SafeTensors.write(file, metadata, List.of());
        assertTrue(assertThrows(CheckpointException.class, () -> Checkpoint.read(file)).getMessage()
                .endsWith("metadata 'optimizer' = '{\"name\": \"adam\"}' is not a JSON object whose 'hyper' is an "
                        + "object of numbers"));
    }

    @Test
    void metadataKeysAreTheDocumentedOnes() {
        Path file = dir.resolve("ckpt.safetensors");
        List<Parameter> params = network(Precision.FLOAT32, 1);
        Checkpoint.save(file, META, params, Optimizers.create(spec("adam"), params));
        Map<String, String> m = SafeTensors.read(file).metadata();
        assertEquals(List.of("format_version", "nnc_version", "model", "graph_hash", "preprocessing", "epoch",
                "rng_state", "best_val_acc", "seed", "optimizer"), List.copyOf(m.keySet()));
        assertEquals("1", m.get("format_version"));
        assertEquals("-4242424242424242", m.get("rng_state"));
        assertEquals("0.8125", m.get("best_val_acc"));
        assertEquals("-77", m.get("seed"));
        assertEquals("{\"mean\":0.286,\"std\":0.353}", m.get("preprocessing"));
        assertEquals(JsonParser.parseString("{\"name\":\"adam\",\"hyper\":{\"lr\":0.1,\"beta1\":0.9,"
                + "\"beta2\":0.999,\"eps\":1.0E-8},\"scalars\":{\"t\":0.0}}"), JsonParser.parseString(m.get("optimizer")));
    }

    @Test
    void preprocessingMustBeJson() {
        var meta = new CheckpointMeta("m", "h", "{not json", 0, 0, Double.NaN);
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(dir.resolve("x.safetensors"), meta, List.of(), null));
    }
}
