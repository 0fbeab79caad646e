package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.train.Checkpoint;
import dev.nnc.train.RunFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Ctrl-C drill: a real {@code nnc train} process gets SIGINT while its second epoch is between batches (the
 * {@code NNC_TEST_PAUSE_AT=batch-N:EPOCH} hook holds it there until the stop request arrives, so no timing is
 * involved). It must finish that batch, drop the unfinished epoch, write the report of the finished one, print
 * how to resume, exit 130; and resuming must end exactly where an uninterrupted run ends.
 */
class TrainInterruptTest {

    private static final String MODEL = """
            model Stop {
                input(4)
                affine(8) - relu - affine(2) - softmax
                train {
                    data = csv("train.csv", test = "test.csv", validation = 30)
                    optimizer = adam(lr = 3e-3)
                    epochs = 3
                    batchSize = 10
                    seed = 5
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void sigintFinishesTheBatchWritesTheReportAndResumesExactly() throws Exception {
        Random r = new Random(7);
        Files.writeString(dir.resolve("train.csv"), csv(r, 150));
        Files.writeString(dir.resolve("test.csv"), csv(r, 40));
        Path model = Cli.write(dir, "stop.nn", MODEL);
        Path reference = dir.resolve("reference");
        Cli.Run full = Cli.run("train", model.toString(), "--out", reference.toString(), "--threads", "1");
        assertEquals(0, full.exit(), full.err());

        Path run = dir.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "--add-modules",
                "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
                model.toString(), "--out", run.toString(), "--threads", "1");
        pb.environment().put("NNC_TEST_PAUSE_AT", "batch-3:2");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        StringBuilder err = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(p.getErrorStream(),
                StandardCharsets.UTF_8))) {
            boolean paused = false;
            for (String line; (line = lines.readLine()) != null; ) {
                err.append(line).append('\n');
                if (!paused && line.equals("nnc-test: paused at batch-3:2")) {
                    paused = true;
                    Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
                    assertEquals(0, kill.waitFor());
                }
            }
            assertTrue(paused, "never paused:\n" + err);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), err.toString());
        String resumeHint = "To continue: nnc train " + model + " --resume " + run.resolve(RunFiles.LAST);
        assertTrue(err.toString().contains(resumeHint), err.toString());
        assertTrue(err.toString().contains("the unfinished epoch 2 is dropped"), err.toString());
        assertTrue(out.get().contains("epoch   1"), out.get());

        assertEquals(1, Checkpoint.read(run.resolve(RunFiles.LAST)).meta().epoch(), "last is the finished epoch");
        assertEquals(2, Files.readAllLines(run.resolve(RunFiles.HISTORY)).size(), "header and epoch 1");
        assertTrue(Files.isRegularFile(run.resolve(RunFiles.RESULT)), "the report of the finished epoch");
        assertTrue(Files.readString(run.resolve(RunFiles.RESULT)).contains("\"stopped_early\": true"));
        assertTrue(Files.isRegularFile(run.resolve(RunFiles.CURVES)));

        Cli.Run resumed = Cli.run("train", model.toString(), "--resume", run.resolve(RunFiles.LAST).toString(),
                "--threads", "1");
        assertEquals(0, resumed.exit(), resumed.err());
        assertEquals(withoutSeconds(reference), withoutSeconds(run));
        assertEquals(Checkpoint.read(reference.resolve(RunFiles.LAST)).meta(),
                Checkpoint.read(run.resolve(RunFiles.LAST)).meta());
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** history.csv without its last column, the wall-clock seconds. */
    private static List<String> withoutSeconds(Path run) throws IOException {
        return Files.readAllLines(run.resolve(RunFiles.HISTORY)).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    private static String csv(Random r, int rows) {
        StringBuilder sb = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < rows; i++) {
            double[] x = {r.nextGaussian(), r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
            int label = x[0] - 0.5 * x[2] + 0.3 * r.nextGaussian() > 0 ? 1 : 0;
            sb.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%.4f,%d%n", x[0], x[1], x[2], x[3], label));
        }
        return sb.toString();
    }
}
