package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line side of issue 13: a model file cannot make nnc read or print files outside its directory,
 * checkpoints of another graph need --force, FIFOs are refused instead of blocking, a PNG bomb is refused from
 * its header. Each ends with exit 1 and a message naming the file.
 */
class HostileCliTest {

    private static final String MODEL = """
            model Small {
                input(4)
                affine(6) - relu - affine(2) - softmax
                train {
                    data = csv("DATA", validation = 10)
                    epochs = 1
                    batchSize = 10
                    seed = 2
                }
            }
            """;

    @TempDir
    static Path dir;

    static Path project;
    static Path model;
    static Path weights;

    @BeforeAll
    static void trainOnce() throws IOException {
        project = Files.createDirectories(dir.resolve("project"));
        Random r = new Random(5);
        StringBuilder sb = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 60; i++) {
            sb.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%.3f,%d%n", r.nextGaussian(), r.nextGaussian(),
                    r.nextGaussian(), r.nextGaussian(), i % 2));
        }
        Files.writeString(project.resolve("train.csv"), sb);
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/train.csv"), sb);
        model = Cli.write(project, "small.nn", MODEL.replace("DATA", "train.csv"));
        Path run = dir.resolve("run");
        Cli.Run t = Cli.run("train", model.toString(), "--out", run.toString());
        assertEquals(0, t.exit(), t.err());
        weights = run.resolve("best.safetensors");
    }

    @Test
    void aModelFileCannotReadDataOutsideItsDirectory() throws IOException {
        Path evil = Cli.write(project, "evil.nn", MODEL.replace("DATA", "/proc/self/environ"));
        Cli.Run r = Cli.run("train", evil.toString(), "--out", dir.resolve("evil-run").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("'/proc/self/environ' is outside the model file's directory"), r.err());
        assertFalse(r.err().contains("PATH="), "the environment is not printed");
    }

    @Test
    void allowPathLetsTheUserWidenIt() throws IOException {
        Path shared = Cli.write(project, "shared.nn", MODEL.replace("DATA", "../shared/train.csv"));
        Cli.Run refused = Cli.run("train", shared.toString(), "--out", dir.resolve("shared-refused").toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("--allow-path"), refused.err());
        Cli.Run allowed = Cli.run("train", shared.toString(), "--out", dir.resolve("shared-run").toString(),
                "--allow-path", dir.resolve("shared").toString());
        assertEquals(0, allowed.exit(), allowed.err());
    }

    @Test
    void anImportCannotEchoAFileOutsideTheProject() throws IOException {
        Path evil = Cli.write(project, "import.nn", "import \"../../../../../../../../etc/passwd\"\n" + MODEL
                .replace("DATA", "train.csv"));
        Cli.Run r = Cli.run("compile", evil.toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("leaves the project directory") || r.err().contains("is not a .nn file"),
                r.err());
        assertFalse(r.err().contains("root:"), r.err());
    }

    @Test
    void evalAndPredictCheckTheGraphHashUnlessForced() throws IOException {
        // same tensors, another graph: tanh instead of relu
        Path other = Cli.write(project, "other.nn", MODEL.replace("DATA", "train.csv").replace("relu", "tanh"));
        Cli.Run refused = Cli.run("eval", other.toString(), "--weights", weights.toString(), "--split", "validation");
        assertEquals(1, refused.exit(), refused.err());
        assertTrue(refused.err().contains(weights + ": was written by another model than Small (its graph hash "
                + "differs: " + other + " differs from the source the checkpoint carries, line 3: "
                + "`affine(6) - tanh - affine(2) - softmax` (the checkpoint's: `affine(6) - relu - affine(2) - "
                + "softmax`)); pass --force"), refused.err());
        Cli.Run forced = Cli.run("eval", other.toString(), "--weights", weights.toString(), "--split", "validation",
                "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertTrue(forced.err().contains("warning: " + weights + " was written by another model"), forced.err());
        Path csv = project.resolve("train.csv");
        assertEquals(1, Cli.run("predict", other.toString(), "--weights", weights.toString(), csv.toString()).exit());
        assertEquals(0, Cli.run("predict", other.toString(), "--weights", weights.toString(), csv.toString(),
                "--force").exit());
    }

    /** {@code head}, then a gigabyte of zeros: one gzip member of 16 MiB written 64 times, about 1 MB in all. */
    private static Path gzipBomb(Path file, byte[] head) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write(gzip(head));
            byte[] member = gzip(new byte[1 << 24]);
            for (int i = 0; i < 64; i++) {
                out.write(member);
            }
        }
        return file;
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        }
        return bytes.toByteArray();
    }

    @Test
    void gzipBombsAreDataErrorsNamingTheFileAndTheLimit() throws IOException {
        Path csv = gzipBomb(project.resolve("bomb.csv.gz"), "a,b,c,d,label\n".getBytes(StandardCharsets.US_ASCII));
        Path bombModel = Cli.write(project, "bomb.nn", MODEL.replace("DATA", "bomb.csv.gz"));
        Cli.Run train = Cli.run("train", bombModel.toString(), "--out", dir.resolve("bomb-run").toString());
        assertEquals(1, train.exit(), train.err());
        assertTrue(train.err().contains(csv + ":2: a line longer than 16,777,216 characters"), train.err());
        // an IDX file of 1000 items of 4 values, then a gigabyte more than its header says
        byte[] header = {0, 0, 8, 2, 0, 0, 3, (byte) 0xE8, 0, 0, 0, 4};
        Path idx = gzipBomb(dir.resolve("bomb-idx.gz"), header);
        Cli.Run predict = Cli.run("predict", model.toString(), "--weights", weights.toString(), idx.toString());
        assertEquals(1, predict.exit(), predict.err());
        assertTrue(predict.err().contains(idx + ": size mismatch: more data than the header's [1000×4]"),
                predict.err());
    }

    @Test
    void fifosAreRefusedNotWaitedOn() throws Exception {
        Path fifo = dir.resolve("ckpt.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Cli.Run eval = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Cli.run("eval", model.toString(), "--weights", fifo.toString(), "--split", "validation"));
        assertEquals(1, eval.exit());
        assertTrue(eval.err().contains(fifo + ": not a regular file"), eval.err());
        Cli.Run resume = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Cli.run("train", model.toString(), "--resume", fifo.toString()));
        assertEquals(1, resume.exit());
        assertTrue(resume.err().contains(fifo + ": not a regular file"), resume.err());
    }
}
