package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.Preprocessing;
import dev.nnc.exec.Network;
import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Rng;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Shape;
import java.util.List;
import java.util.Optional;

/**
 * Small synthetic problems and tiny models for the training-loop tests: two Gaussian blobs in a few
 * dimensions (separable enough that a few epochs learn them, noisy enough that accuracy is not 1 at once),
 * and a noisy linear regression.
 */
final class TrainingFixtures {

    static final int DIMS = 6;

    private TrainingFixtures() {
    }

    /** Compiles {@code source} (one model) or fails the test with the rendered diagnostics. */
    static LayerGraph compile(String source) {
        CompileResult r = Nnc.compileString("test.nn", source, CompileOptions.defaults());
        if (!r.ok()) {
            throw new AssertionError("does not compile:\n" + r.render());
        }
        return r.orThrow().graph();
    }

    /** A model over {@value #DIMS} inputs: {@code body} after the input line, then {@code train}. */
    static LayerGraph model(String body, String train) {
        return compile("model Blobs {\n    input(" + DIMS + ")\n    " + body + "\n    train {\n" + train + "\n    }\n}\n");
    }

    /**
     * {@code n} examples, half of class 0 centred at -0.6·(1,...,1), half of class 1 at +0.6·(1,...,1), unit
     * noise; with {@code flipped} every label is swapped (a validation set that gets worse as training gets
     * better).
     */
    static Dataset blobs(String name, int n, long seed, boolean flipped) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * DIMS];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double centre = c == 0 ? -0.6 : 0.6;
            for (int j = 0; j < DIMS; j++) {
                x[i * DIMS + j] = (float) (centre + rng.nextGaussian());
            }
            y[i] = flipped ? 1 - c : c;
        }
        return Dataset.ofFloats(name, new Shape(List.of(DIMS)), x, y, null, 2);
    }

    static DataSplits splits(Dataset train, Dataset validation) {
        return new DataSplits(train, validation, Optional.empty(), Preprocessing.none(train.exampleShape(), 1.0));
    }

    /** 240 training and 80 validation blobs (honest labels, or flipped validation labels). */
    static DataSplits blobSplits(boolean flippedValidation) {
        return splits(blobs("train", 240, 1, false), blobs("validation", 80, 2, flippedValidation));
    }

    /** y = w·x + 0.3 + small noise, {@code n} examples. */
    static Dataset regression(String name, int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * DIMS];
        float[] t = new float[n];
        for (int i = 0; i < n; i++) {
            double y = 0.3;
            for (int j = 0; j < DIMS; j++) {
                float v = (float) rng.nextGaussian();
                x[i * DIMS + j] = v;
                y += (j % 2 == 0 ? 0.5 : -0.25) * v;
            }
            t[i] = (float) (y + 0.05 * rng.nextGaussian());
        }
        return Dataset.ofFloats(name, new Shape(List.of(DIMS)), x, null, t, 0);
    }

    /** Every parameter value (trainable or not), in network order, as exact doubles. */
    static double[][] values(List<Parameter> params) {
        return params.stream().map(p -> p.value().toDoubleArray()).toArray(double[][]::new);
    }

    /** The same values, bit for bit, read from a checkpoint file's tensors. */
    static double[][] values(Checkpoint ckpt, List<Parameter> like) {
        return like.stream().map(p -> ckpt.tensors().get(p.name()).toDoubleArray()).toArray(double[][]::new);
    }

    static void assertBitIdentical(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length, "parameter count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual[i].length, "parameter " + i + " size");
            for (int j = 0; j < expected[i].length; j++) {
                if (Double.doubleToRawLongBits(expected[i][j]) != Double.doubleToRawLongBits(actual[i][j])) {
                    throw new AssertionError("parameter " + i + " element " + j + ": " + expected[i][j] + " vs "
                            + actual[i][j]);
                }
            }
        }
    }

    static boolean bitIdentical(double[][] a, double[][] b) {
        try {
            assertBitIdentical(a, b);
            return true;
        } catch (AssertionError e) {
            return false;
        }
    }

    /** A history without its wall-clock column, which legitimately differs between runs. */
    static List<List<Double>> withoutSeconds(List<EpochStats> history) {
        return history.stream().map(s -> List.of((double) s.epoch(), s.loss(), s.trainAcc(), s.valLoss(), s.valAcc(), s.lr()))
                .toList();
    }

    static Network network(LayerGraph graph, long seed) {
        return new Network(graph, graph.train().precision(), seed);
    }
}
