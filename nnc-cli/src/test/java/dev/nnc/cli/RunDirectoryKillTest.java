package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.RunDirectory;
import dev.nnc.train.RunFiles;
import dev.nnc.train.SafeTensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kill -9 drill: a real {@code nnc train} process is stopped at a write boundary of its second epoch (the
 * {@code NNC_TEST_PAUSE_AT} hook of dev.nnc.train.CrashPoints) and killed with SIGKILL. The run directory must
 * then hold the state after epoch 1 or after epoch 2, with last, best and history agreeing, and {@code --resume}
 * must end exactly where an uninterrupted run ends: history, best and last weights, result.json.
 */
class RunDirectoryKillTest {

    private static final String MODEL = """
            model Kill {
                input(4)
                affine(8) - relu - dropout(0.2) - affine(2) - softmax
                train {
                    data = csv("train.csv", test = "test.csv", validation = 30)
                    optimizer = adam(lr = 3e-3)
                    epochs = 3
                    batchSize = 10
                    seed = 3
                }
            }
            """;

    @TempDir
    static Path dir;

    static Path model;
    static Path reference;

    @BeforeAll
    static void uninterruptedRun() throws IOException {
        Random r = new Random(42);
        Files.writeString(dir.resolve("train.csv"), csv(r, 150));
        Files.writeString(dir.resolve("test.csv"), csv(r, 60));
        model = Cli.write(dir, "kill.nn", MODEL);
        reference = dir.resolve("reference");
        Cli.Run run = Cli.run("train", model.toString(), "--out", reference.toString(), "--threads", "1");
        assertEquals(0, run.exit(), run.err());
    }

    /** Two noisy, linearly separable classes. */
    private static String csv(Random r, int rows) {
        StringBuilder sb = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < rows; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            int label = x[0] + 0.5 * x[1] + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d%n", x[0], x[1], x[2], x[3], label));
        }
        return sb.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"last-written", "best-written", "history-written", "metrics-written", "manifest-written",
        "published-last.safetensors", "published-best.safetensors", "published-history.csv",
        "published-metrics.jsonl", "published"})
    void killedAtABoundaryTheRunIsConsistentAndResumesToTheSameResult(String point) throws Exception {
        Path run = dir.resolve("run-" + point);
        killAt(run, point + ":2");

        // what the next start does first; then the directory is the state after epoch 1 or 2
        RunDirectory.recover(run);
        int epoch = RunDirectory.committedEpoch(run).orElseThrow();
        assertTrue(epoch == 1 || epoch == 2, "epoch " + epoch);
        assertEquals(point.startsWith("published") || point.equals("manifest-written") ? 2 : 1, epoch);
        consistentAfter(run, epoch);

        Path stale = Files.writeString(run.resolve(".best.safetensors.1234abcd.tmp"), "half a checkpoint");
        Cli.Run resumed = Cli.run("train", model.toString(), "--resume", run.resolve(RunFiles.LAST).toString(),
                "--threads", "1");
        assertEquals(0, resumed.exit(), resumed.err());
        assertFalse(Files.exists(stale), "stale temporary files are removed on the next start");
        assertEquals(rowsWithoutSeconds(reference), rowsWithoutSeconds(run));
        assertEquals(metricsWithoutSeconds(reference), metricsWithoutSeconds(run));
        assertSameTensors(reference.resolve(RunFiles.BEST), run.resolve(RunFiles.BEST));
        assertSameTensors(reference.resolve(RunFiles.LAST), run.resolve(RunFiles.LAST));
        assertEquals(result(reference), result(run));
        try (Stream<Path> files = Files.list(run)) {
            assertTrue(files.map(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith(".")),
                    "no temporary files or folders are left");
        }
    }

    /** Starts {@code nnc train} in its own JVM, waits until it pauses at {@code at}, and kills it (SIGKILL). */
    private static void killAt(Path run, String at) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "train", model.toString(), "--out",
                run.toString(), "--threads", "1");
        pb.environment().put("NNC_TEST_PAUSE_AT", at);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        StringBuilder err = new StringBuilder();
        boolean paused = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                err.append(line).append('\n');
                if (line.equals("nnc-test: paused at " + at)) {
                    paused = true;
                    break;
                }
            }
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        }
        assertTrue(paused, "the process ended without reaching " + at + ":\n" + err);
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
    }

    /** last, best and history agree with each other and with the uninterrupted run's first {@code epoch} epochs. */
    private static void consistentAfter(Path run, int epoch) throws IOException {
        assertEquals(epoch, Checkpoint.read(run.resolve(RunFiles.LAST)).meta().epoch());
        List<String> rows = rowsWithoutSeconds(run);
        assertEquals(rowsWithoutSeconds(reference).subList(0, epoch + 1), rows);
        assertEquals(metricsWithoutSeconds(reference).subList(0, epoch), metricsWithoutSeconds(run),
                "metrics.jsonl agrees with history.csv and the checkpoints");
        int bestEpoch = bestEpochOf(rows);
        assertEquals(bestEpoch, Checkpoint.read(run.resolve(RunFiles.BEST)).meta().epoch());
        try (Stream<Path> files = Files.list(run)) {
            assertTrue(files.map(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith(".")),
                    "recovery leaves no temporary files or folders");
        }
    }

    /** The epoch of the first highest validation accuracy (the val_acc column). */
    private static int bestEpochOf(List<String> rows) {
        int column = List.of(rows.get(0).split(",")).indexOf("val_acc");
        int best = 0;
        double acc = -1;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            if (Double.parseDouble(f[column]) > acc) {
                acc = Double.parseDouble(f[column]);
                best = Integer.parseInt(f[0]);
            }
        }
        return best;
    }

    /** history.csv without its last column, the wall-clock seconds. */
    private static List<String> rowsWithoutSeconds(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunFiles.HISTORY)).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    /** metrics.jsonl's objects without their wall-clock seconds. */
    private static List<JsonObject> metricsWithoutSeconds(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunFiles.METRICS)).stream().map(l -> {
            JsonObject o = JsonParser.parseString(l).getAsJsonObject();
            o.remove("seconds");
            return o;
        }).toList();
    }

    private static void assertSameTensors(Path expected, Path actual) {
        Map<String, SafeTensor> e = Checkpoint.read(expected).tensors();
        Map<String, SafeTensor> a = Checkpoint.read(actual).tensors();
        assertEquals(e.keySet(), a.keySet());
        for (String name : e.keySet()) {
            assertArrayEquals(e.get(name).toDoubleArray(), a.get(name).toDoubleArray(), name);
        }
        assertEquals(Checkpoint.read(expected).meta(), Checkpoint.read(actual).meta());
    }

    /** result.json without the timings. */
    private static JsonObject result(Path run) throws IOException {
        JsonObject o = JsonParser.parseString(Files.readString(run.resolve(RunFiles.RESULT))).getAsJsonObject();
        o.remove("train_seconds");
        o.remove("examples_per_second");
        o.remove("command_line"); // --out DIR versus --resume CKPT
        o.getAsJsonArray("history").forEach(e -> e.getAsJsonObject().remove("seconds"));
        return o;
    }
}
