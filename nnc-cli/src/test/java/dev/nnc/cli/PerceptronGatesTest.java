package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The perceptron gates of models/perceptron/ ("Deep Learning from Scratch" §2) run with {@code nnc predict} on
 * the CSV of the four inputs and print their truth tables; training and the gradient check refuse them.
 */
class PerceptronGatesTest {

    private static final Path DIR = Path.of("models/perceptron");
    private static final String INPUTS = DIR.resolve("inputs.csv").toString();

    /** Outputs for the inputs (0,0), (1,0), (0,1), (1,1), the order of inputs.csv. */
    @ParameterizedTest
    @CsvSource({"and.nn, 0001", "nand.nn, 1110", "or.nn, 0111", "xor.nn, 0110"})
    void predictPrintsTheTruthTable(String file, String outputs) {
        Cli.Run r = Cli.run("predict", DIR.resolve(file).toString(), INPUTS);
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        String[] in = {"0 0", "1 0", "0 1", "1 1"};
        assertEquals(4, lines.size(), r.out());
        for (int i = 0; i < 4; i++) {
            assertEquals(INPUTS + "[" + i + "]: " + in[i] + " -> " + outputs.charAt(i), lines.get(i));
        }
    }

    @Test
    void trainingAStepModelIsRefusedWithTheReason() {
        Cli.Run r = Cli.run("train", DIR.resolve("xor.nn").toString(), "--data", "csv(\"" + INPUTS + "\", label = \"x2\")");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("model Xor cannot be trained"), r.err());
        assertTrue(r.err().contains("step_1 (models/perceptron/xor.nn:7): step has no gradient"), r.err());
        assertTrue(r.err().contains("W and b are written in the file and fixed; add trainable = true"), r.err());
        assertTrue(r.err().contains("nothing is left to train"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    @Test
    void gradcheckOfFixedWeightsIsRefused(@TempDir Path dir) throws IOException {
        Path f = Cli.write(dir, "fixed.nn", """
                model Fixed {
                    input(2)
                    affine(2, w = [[1, 2], [3, 4]]) - softmax
                }
                """);
        Cli.Run r = Cli.run("gradcheck", f.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("affine_1 (" + f + ":3): W is written in the file and fixed"), r.err());
    }

    @Test
    void weightsMarkedTrainableStartFromTheFileAndTrain(@TempDir Path dir) throws IOException {
        Path f = Cli.write(dir, "start.nn", """
                model Start {
                    input(2)
                    affine(2, w = [[1, 2], [3, 4]], b = [0, 1], trainable = true) - softmax
                    train { precision = float64 }
                }
                """);
        Cli.Run r = Cli.run("gradcheck", f.toString());
        assertEquals(0, r.exit(), r.err());
        Cli.Run s = Cli.run("compile", f.toString());
        assertTrue(s.out().contains("Trainable params:          6"), s.out());
    }

    @Test
    void predictWithoutWeightsNeedsEveryWeightInTheFile(@TempDir Path dir) throws IOException {
        Path f = Cli.write(dir, "m.nn", "model M {\n    input(2)\n    affine(2) - softmax\n}\n");
        Cli.Run r = Cli.run("predict", f.toString(), INPUTS);
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("predict needs --weights CKPT: model M has 6 trained parameters"), r.err());
    }
}
