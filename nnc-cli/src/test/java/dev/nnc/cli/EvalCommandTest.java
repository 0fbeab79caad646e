package dev.nnc.cli;

import static dev.nnc.cli.TrainFixtures.QUICK;
import static dev.nnc.cli.TrainFixtures.args;
import static dev.nnc.cli.TrainFixtures.assertCleanFailure;
import static dev.nnc.cli.TrainFixtures.concat;
import static dev.nnc.cli.TrainFixtures.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc eval} against the figures {@code nnc train} printed for the same checkpoint. */
class EvalCommandTest {

    private static final List<String> FASHION = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    @TempDir
    static Path dir;

    static Path mlp;
    static Path run;
    static Cli.Run trained;

    @BeforeAll
    static void trainOnce() throws IOException {
        mlp = Cli.write(dir, "mlp.nn", TrainFixtures.MLP);
        run = dir.resolve("run");
        trained = Cli.run(concat(args("train", mlp.toString(), QUICK), "--out", run.toString()));
        assertEquals(0, trained.exit(), trained.err());
    }

    @Test
    void theBestCheckpointReproducesTheTestAccuracyTrainPrinted() throws IOException {
        Path out = Files.createDirectories(dir.resolve("eval-out"));
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(find(trained.out(), "^test accuracy (\\S+)$"), find(r.out(), "^accuracy (\\S+)$"));
        assertTrue(r.out().contains(" test (10,000 examples)"), r.out());
        assertNotNull(ImageIO.read(out.resolve("confusion-test.png").toFile()), "confusion-test.png decodes");
    }

    @Test
    void perClassAccuraciesAndTheConfusionMatrixAgreeWithTheOverallAccuracy() {
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString());
        assertEquals(0, r.exit(), r.err());
        double accuracy = Double.parseDouble(find(r.out(), "^accuracy (\\S+)$"));
        double correct = 0;
        int support = 0;
        for (String name : FASHION) {
            Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(name) + " +(\\S+)  \\((\\d+)\\)$").matcher(r.out());
            assertTrue(m.find(), name + " missing:\n" + r.out());
            correct += Double.parseDouble(m.group(1)) * Integer.parseInt(m.group(2));
            support += Integer.parseInt(m.group(2));
        }
        assertEquals(10_000, support);
        assertEquals(accuracy, correct / support, 1e-3);
        // one matrix row per class, its cells summing to the class's support (1,000 each in the test set)
        for (int c = 0; c < 10; c++) {
            Matcher m = Pattern.compile("(?m)^" + c + " " + Pattern.quote(FASHION.get(c)) + " +([\\d ]+?) +\\S+%$")
                    .matcher(r.out());
            assertTrue(m.find(), "row " + c + ":\n" + r.out());
            int sum = Arrays.stream(m.group(1).trim().split(" +")).mapToInt(Integer::parseInt).sum();
            assertEquals(1000, sum, m.group());
        }
        assertTrue(Files.isRegularFile(run.resolve("confusion-test.png")), "drawn beside the checkpoint by default");
    }

    @Test
    void validationSplitWithTheTrainingLimitReproducesTheBestValidationAccuracy() throws IOException {
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--split", "validation", "--limit", "2000");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(" validation (500 examples)"), r.out());
        double best = TrainCommandTest.result(run).get("best_val_acc").getAsDouble();
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", best), find(r.out(), "^accuracy (\\S+)$"));
    }

    @Test
    void validationSplitDefaultsToTheLimitTheCheckpointWasTrainedWith() throws IOException {
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--split", "validation", "--out", dir.resolve("eval-default-limit").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(" validation (500 examples)\nnote: split from the first 2,000 training examples, "
                + "as the checkpoint was trained with --limit 2000 (--limit N to change)\n"), r.out());
        double best = TrainCommandTest.result(run).get("best_val_acc").getAsDouble();
        assertEquals(String.format(java.util.Locale.ROOT, "%.4f", best), find(r.out(), "^accuracy (\\S+)$"));
    }

    @Test
    void trainSplitIsTheExamplesTrainTrainedOn() {
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--split", "train", "--out", dir.resolve("eval-train").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains(" train (1,500 examples)\nnote: split from the first 2,000"), r.out());
        assertTrue(Files.isRegularFile(dir.resolve("eval-train/confusion-train.png")));
    }

    @Test
    void aCorruptCheckpointIsAClearError() throws IOException {
        byte[] good = Files.readAllBytes(run.resolve("best.safetensors"));
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(good, good.length / 2));
        assertCleanFailure(Cli.run("eval", mlp.toString(), "--weights", truncated.toString()), truncated.toString());
        Path garbage = Cli.write(dir, "garbage.safetensors", "this is not a checkpoint");
        assertCleanFailure(Cli.run("eval", mlp.toString(), "--weights", garbage.toString()), garbage.toString());
        Path missing = dir.resolve("missing.safetensors");
        assertCleanFailure(Cli.run("eval", mlp.toString(), "--weights", missing.toString()), missing.toString());
    }

    @Test
    void aConfusionChartThatCannotBeWrittenIsAClearError() throws IOException {
        Path blocker = Files.writeString(dir.resolve("afile"), "");
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--out", blocker.resolve("sub").toString());
        assertCleanFailure(r, blocker.resolve("sub").toString(), "cannot write");
    }

    @Test
    void evalLeavesTheConfusionChartTrainDrewAlone() throws IOException {
        byte[] trainChart = Files.readAllBytes(run.resolve("confusion.png"));
        Path out = Files.createDirectories(dir.resolve("eval-validation"));
        Files.copy(run.resolve("confusion.png"), out.resolve("confusion.png"));
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--split", "validation", "--limit", "2000", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("drawn to " + out.resolve("confusion-validation.png")), r.out());
        assertNotNull(ImageIO.read(out.resolve("confusion-validation.png").toFile()));
        assertTrue(Arrays.equals(trainChart, Files.readAllBytes(out.resolve("confusion.png"))));
    }

    @Test
    void anUnknownSplitIsAUsageError() {
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--split", "training");
        assertEquals(ExitCodes.USAGE, r.exit(), r.err());
        assertTrue(r.err().contains("--split must be test or validation or train, got 'training'"), r.err());
        assertTrue(r.err().contains("eval --help"), "the usage-error pointer every command gives:\n" + r.err());
    }

    @Test
    void dataOfAnotherShapeIsAClearErrorNamingTheFile() throws IOException {
        Path small = Cli.write(dir, "small.csv", "a,b,c,d,e,f,label\n1,2,3,4,5,6,0\n6,5,4,3,2,1,1\n0,0,0,0,0,0,2\n");
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--data", "csv(\"" + small + "\", validation = 1)", "--split", "validation");
        assertCleanFailure(r, "small.csv: ", "(6)", "(1, 28, 28)");
    }

    @Test
    void theHeaderNamesTheDataActuallyEvaluated() {
        Cli.Run r = Cli.run("eval", mlp.toString(), "--weights", run.resolve("best.safetensors").toString(),
                "--data", "fashionMnist(validation = 100)", "--split", "validation", "--limit", "1000",
                "--out", dir.resolve("eval-header").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("Mlp on fashionMnist(validation = 100"), r.out());
        assertTrue(r.out().contains(" validation (100 examples)"), r.out());
        assertTrue(r.out().contains("note: --limit 1000 differs from what the checkpoint was trained on (--limit 2000): "
                + "this validation split is not the one nnc train used"), r.out());
    }
}
