package dev.nnc.cli;

import static dev.nnc.cli.TrainFixtures.assertCleanFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The traps a new user fell into (issue 15), each closed. */
class TrainTrapsTest {

    @TempDir
    Path dir;

    private Path mlp() throws IOException {
        return Cli.write(dir, "mlp.nn", TrainFixtures.MLP.replace("validation = 500", "validation = 5000"));
    }

    @Test
    void aLimitSmallerThanTheValidationSplitScalesItAndSaysSo() throws IOException {
        Cli.Run r = Cli.run("train", mlp().toString(), "--limit", "1000", "--epochs", "1", "--out",
                dir.resolve("run").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("note: validation = 5000 does not fit the 1,000 training examples --limit 1000 "
                + "leaves; holding out 100 (a tenth) instead"), r.out());
        assertTrue(r.out().contains(": 900 train / 100 validation / 10,000 test examples"), r.out());
    }

    @Test
    void resumingAFinishedRunIsRefusedAndTouchesNothing() throws IOException {
        Path run = dir.resolve("run");
        assertEquals(0, Cli.run("train", mlp().toString(), "--limit", "1000", "--epochs", "1", "--out",
                run.toString()).exit());
        Map<String, byte[]> before = contents(run);
        Map<String, FileTime> times = times(run);
        Cli.Run r = Cli.run("train", mlp().toString(), "--resume", run.resolve("last.safetensors").toString());
        assertCleanFailure(r, "finished its run already (epoch 1 of 1)", "pass --epochs N with N > 1");
        assertEquals(before.keySet(), contents(run).keySet());
        before.forEach((name, bytes) -> assertTrue(java.util.Arrays.equals(bytes, contents(run).get(name)), name));
        assertEquals(times, times(run));
    }

    @Test
    void resumeRestoresTheLimitAndRefusesAnother() throws IOException {
        Path run = dir.resolve("run");
        Cli.Run first = Cli.run("train", mlp().toString(), "--limit", "1000", "--epochs", "1", "--out",
                run.toString());
        assertEquals(0, first.exit(), first.err());
        String last = run.resolve("last.safetensors").toString();
        Cli.Run other = Cli.run("train", mlp().toString(), "--resume", last, "--epochs", "2", "--limit", "2000");
        assertEquals(ExitCodes.USAGE, other.exit(), other.err());
        assertTrue(other.err().contains("--limit 2000 differs from what " + last + " was trained on (--limit 1000)"),
                other.err());
        Cli.Run resumed = Cli.run("train", mlp().toString(), "--resume", last, "--epochs", "2");
        assertEquals(0, resumed.exit(), resumed.err());
        assertTrue(resumed.out().contains("resuming " + last + " after epoch 1 (--limit 1000)"), resumed.out());
        assertTrue(resumed.out().contains(": 900 train / 100 validation"), resumed.out());
    }

    @Test
    void anExistingRunDirectoryIsRefusedUnlessOverwrite() throws IOException {
        Path run = dir.resolve("run");
        String[] train = {"train", mlp().toString(), "--limit", "1000", "--epochs", "1", "--out", run.toString()};
        assertEquals(0, Cli.run(train).exit());
        Files.writeString(run.resolve("confusion-validation.png"), "stale chart of the old run");
        Files.writeString(run.resolve("notes.txt"), "the user's own file");
        Map<String, byte[]> before = contents(run);
        assertCleanFailure(Cli.run(train), "run directory " + run + " already holds files", "--overwrite");
        assertEquals(before.keySet(), contents(run).keySet());

        Cli.Run again = Cli.run(TrainFixtures.concat(train, "--overwrite"));
        assertEquals(0, again.exit(), again.err());
        assertFalse(Files.exists(run.resolve("confusion-validation.png")), "stale run files are gone");
        assertTrue(Files.exists(run.resolve("notes.txt")), "other files stay");
        assertTrue(Files.exists(run.resolve("best.safetensors")));
    }

    @Test
    void aFailedStartLeavesNoRunDirectory() throws IOException {
        Path run = dir.resolve("run");
        assertCleanFailure(Cli.run("train", mlp().toString(), "--data", "csv(\"missing.csv\")", "--out",
                run.toString()), "missing.csv");
        assertFalse(Files.exists(run), "no directory after a data error");
        Path sgd = Cli.write(dir, "sgd.nn", TrainFixtures.SGD);
        assertCleanFailure(Cli.run("train", sgd.toString(), "--limit", "1000", "--set", "lr=1e9", "--out",
                run.toString()), "diverged");
        assertFalse(Files.exists(run), "no directory after divergence in the first epoch");
    }

    @Test
    void badFlagValuesAreUsageErrorsNamingTheFlag() throws IOException {
        Cli.Run epochs = Cli.run("train", mlp().toString(), "--epochs", "0");
        assertEquals(ExitCodes.USAGE, epochs.exit(), epochs.err());
        assertTrue(epochs.err().startsWith("nnc: --epochs must be at least 1, got 0"), epochs.err());
        Cli.Run precision = Cli.run("train", mlp().toString(), "--precision", "float16");
        assertEquals(ExitCodes.USAGE, precision.exit(), precision.err());
        assertTrue(precision.err().startsWith("nnc: --precision must be float32 or float64, got 'float16'"),
                precision.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"compile", "gradcheck", "train", "eval", "predict", "export", "import", "bench", "fmt",
        "lsp"})
    void everyCommandAnswersVersionAndHelp(String command) {
        Cli.Run version = Cli.run(command, "--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().startsWith("nnc "), version.out());
        Cli.Run help = Cli.run("help", command);
        assertEquals(0, help.exit(), help.err());
        assertTrue(help.out().startsWith("Usage: nnc " + command), help.out());
    }

    @Test
    void benchHelpPrintsNoPicocliWarning() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Cli.Run r;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8)); // picocli's tracer writes there
        try {
            r = Cli.run("bench", "--help");
        } finally {
            System.setErr(saved);
        }
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("30% warm-up"), r.out());
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains("picocli WARN"), captured.toString());
        assertFalse(r.err().contains("picocli WARN"), r.err());
    }

    private static Map<String, byte[]> contents(Path run) {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(run)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static Map<String, FileTime> times(Path run) throws IOException {
        Map<String, FileTime> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(run)) {
            for (Path p : files.toList()) {
                out.put(p.getFileName().toString(), Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

}
