package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image folders stream from disk: {@code nnc train} in a JVM with a 64 MiB heap trains an epoch on pictures
 * whose decoded floats take 2.4 times that (500 pictures resized to 3x160x160: 146 MiB). Were they all held
 * at once, the JVM would run out of memory (it exits at once on that, by {@code -XX:+ExitOnOutOfMemoryError};
 * before the decode window was sized by the heap, such a run thrashed in the collector for many minutes). The
 * files are small (16x16 PNGs, enlarged on loading), so writing and decoding them costs the test little.
 */
class ImageFolderStreamingTest {

    private static final int HEAP_MIB = 64;
    private static final int PER_CLASS = 250;
    private static final int SIDE = 160;

    /** Class 0 dark and reddish, class 1 bright and bluish, with noise: learnable, every file different. */
    private static void writeFolders(Path root) throws IOException {
        Random rng = new Random(5);
        for (int c = 0; c < 2; c++) {
            Path folder = Files.createDirectories(root.resolve(c == 0 ? "dark" : "bright"));
            for (int i = 0; i < PER_CLASS; i++) {
                BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 16; x++) {
                        int base = c == 0 ? 60 : 170;
                        int r = base + (c == 0 ? 40 : 0) + rng.nextInt(40);
                        int g = base + rng.nextInt(40);
                        int b = base + (c == 0 ? 0 : 40) + rng.nextInt(40);
                        img.setRGB(x, y, (r << 16) | (g << 8) | b);
                    }
                }
                ImageIO.write(img, "png", folder.resolve(String.format("%03d.png", i)).toFile());
            }
        }
    }

    @Test
    void aFolderLargerThanTheHeapTrainsInASmallJvm(@TempDir Path dir) throws IOException, InterruptedException {
        writeFolders(dir.resolve("pics"));
        long decodedBytes = 2L * PER_CLASS * 3 * SIDE * SIDE * Float.BYTES;
        assertTrue(decodedBytes > 2L * HEAP_MIB * (1 << 20), decodedBytes + " bytes decoded");
        Path model = Cli.write(dir, "big.nn", """
                model Big {
                    input(3, %d, %d)
                    maxpool(8) - flatten - affine(2) - softmax
                    train {
                        data = images("pics", size = (%d, %d), validation = 0.1)
                        augment = shift(0.1) - flip
                        optimizer = adam(lr = 0.01)
                        epochs = 1
                        batchSize = 20
                        seed = 1
                    }
                }
                """.formatted(SIDE, SIDE, SIDE, SIDE));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx" + HEAP_MIB + "m", "-XX:+ExitOnOutOfMemoryError",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", model.toString(), "--out", dir.resolve("run").toString(),
                "--threads", "1");
        Path log = dir.resolve("train.log");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        boolean ended = p.waitFor(2, TimeUnit.MINUTES);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(ended, "still running after 2 minutes:\n" + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("450 train / 50 validation / 0 test examples"), out);
        assertTrue(Files.isRegularFile(dir.resolve("run/best.safetensors")), out);
        // it learned: the two classes differ in brightness, which one epoch of a linear model finds
        Matcher m = Pattern.compile("val_acc (\\d\\.\\d+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) >= 0.9, out);
    }

    /**
     * A picture whose header reads (so loading accepts it) but whose pixels do not fails while the batch feed
     * prepares its batch on its own thread: the error reaches the user as a data error naming the file, with no
     * stack trace, and the run stops.
     */
    @Test
    void aPictureThatFailsToDecodeOnTheFeedThreadStopsTheRunWithItsName(@TempDir Path dir) throws IOException {
        Random rng = new Random(2);
        for (String c : new String[] {"a", "b"}) {
            Path folder = Files.createDirectories(dir.resolve("pics").resolve(c));
            for (int i = 0; i < 30; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                for (int j = 0; j < 64; j++) {
                    img.setRGB(j % 8, j / 8, rng.nextInt(1 << 24));
                }
                ImageIO.write(img, "png", folder.resolve(String.format("%02d.png", i)).toFile());
            }
        }
        Path broken = dir.resolve("pics/b/17.png");
        byte[] png = Files.readAllBytes(broken);
        Files.write(broken, java.util.Arrays.copyOf(png, 45)); // signature and IHDR intact, pixel data cut off
        Path model = Cli.write(dir, "m.nn", """
                model M {
                    input(3, 8, 8)
                    flatten - affine(2) - softmax
                    train {
                        data = images("pics", validation = 0)
                        augment = flip
                        epochs = 1
                        batchSize = 10
                    }
                }
                """);
        Cli.Run r = Cli.run("train", model.toString(), "--out", dir.resolve("run").toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(broken.toString()), r.err());
        assertTrue(!r.err().contains("\tat "), r.err()); // no stack trace
    }
}
