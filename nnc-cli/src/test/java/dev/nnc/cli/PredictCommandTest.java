package dev.nnc.cli;

import static dev.nnc.cli.TrainFixtures.QUICK;
import static dev.nnc.cli.TrainFixtures.args;
import static dev.nnc.cli.TrainFixtures.assertCleanFailure;
import static dev.nnc.cli.TrainFixtures.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc predict} on images and IDX files the test writes. */
class PredictCommandTest {

    private static final Set<String> FASHION = Set.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** {@code path:  Name p  Name p  Name p}; class names may hold a space or a slash. */
    private static final Pattern TOP3 = Pattern.compile("^(.+):  (.+?) (\\d\\.\\d{3})  (.+?) (\\d\\.\\d{3})  (.+?) (\\d\\.\\d{3})$");

    @TempDir
    static Path dir;

    static Path mlp;
    static Path weights;

    @BeforeAll
    static void trainOnce() throws IOException {
        mlp = Cli.write(dir, "mlp.nn", TrainFixtures.MLP);
        Path run = dir.resolve("run");
        Cli.Run r = Cli.run(concat(args("train", mlp.toString(), QUICK), "--out", run.toString()));
        assertEquals(0, r.exit(), r.err());
        weights = run.resolve("best.safetensors");
    }

    /** A bright vertical bar: a trouser-like shape. */
    static int pixel(int x, int y, int size) {
        return x > size * 9 / 28 && x < size * 19 / 28 ? 210 : 0;
    }

    static Path grey28() throws IOException {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.getRaster().setSample(x, y, 0, pixel(x, y, 28));
            }
        }
        Path p = dir.resolve("grey28.png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    static Path rgb56() throws IOException {
        BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 56; y++) {
            for (int x = 0; x < 56; x++) {
                int v = pixel(x, y, 56);
                img.setRGB(x, y, v << 16 | v / 2 << 8 | v / 4); // orange: an RGB image that is not grey
            }
        }
        Path p = dir.resolve("rgb56.png");
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    /** An IDX3 file of {@code n} 28×28 images; image 0 has the pixels of {@link #grey28()}, the rest noise. */
    static Path idx(int n) throws IOException {
        Path p = dir.resolve("images.idx3-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(p))) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        out.writeByte(i == 0 ? pixel(x, y, 28) : (x * 31 + y * 17 + i * 7) % 256);
                    }
                }
            }
        }
        return p;
    }

    @Test
    void aGreyscaleImageOfTheInputSizeGivesItsTopThreeClassesWithoutWarnings() throws IOException {
        Path png = grey28();
        Cli.Run r = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), png.toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.err().contains("warning"), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(1, lines.size(), r.out());
        Matcher m = TOP3.matcher(lines.get(0));
        assertTrue(m.matches(), lines.get(0));
        assertEquals(png.toString(), m.group(1));
        double previous = 1;
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            assertTrue(FASHION.contains(m.group(2 + 2 * i)), m.group(2 + 2 * i));
            double p = Double.parseDouble(m.group(3 + 2 * i));
            assertTrue(p <= previous, "most probable first: " + lines.get(0));
            previous = p;
            sum += p;
        }
        assertTrue(sum <= 1.0015, "probabilities of three of ten classes: " + sum);
    }

    @Test
    void anRgbImageOfAnotherSizeIsConvertedAndResizedWithWarnings() throws IOException {
        Path png = rgb56();
        Cli.Run r = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), png.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("warning: " + png + ": converted RGB to greyscale"), r.err());
        assertTrue(r.err().contains("warning: " + png + ": resized 56×56 to 28×28"), r.err());
        assertTrue(TOP3.matcher(r.out().strip()).matches(), r.out());
    }

    @Test
    void jsonOutputParsesAndAgreesWithTheText() throws IOException {
        Path png = grey28();
        String text = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), png.toString()).out();
        Cli.Run r = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), "--json", "--top", "5",
                png.toString());
        assertEquals(0, r.exit(), r.err());
        JsonObject o = JsonParser.parseString(r.out().strip()).getAsJsonObject();
        assertEquals(png.toString(), o.get("input").getAsString());
        JsonArray top = o.getAsJsonArray("top");
        assertEquals(5, top.size());
        Matcher m = TOP3.matcher(text.strip());
        assertTrue(m.matches(), text);
        for (int i = 0; i < 3; i++) {
            JsonObject c = top.get(i).getAsJsonObject();
            assertEquals(m.group(2 + 2 * i), c.get("name").getAsString());
            assertEquals(m.group(3 + 2 * i), String.format(java.util.Locale.ROOT, "%.3f",
                    c.get("probability").getAsDouble()));
            int label = c.get("label").getAsInt();
            assertTrue(label >= 0 && label < 10, c.toString());
        }
    }

    @Test
    void anIdxFileGivesOneLinePerExampleAndTheSamePixelsTheSameAnswerAsThePng() throws IOException {
        Path idx = idx(4);
        Cli.Run r = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), idx.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size(), r.out());
        for (int i = 0; i < 4; i++) {
            assertTrue(lines.get(i).startsWith(idx + "[" + i + "]:  "), lines.get(i));
        }
        String fromPng = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), grey28().toString())
                .out().strip();
        assertEquals(fromPng.substring(fromPng.indexOf(':')), lines.get(0).substring(lines.get(0).indexOf(':')));
    }

    @Test
    void aMissingInputFileIsAClearError() {
        Path missing = dir.resolve("no-such-image.png");
        assertCleanFailure(Cli.run("predict", mlp.toString(), "--weights", weights.toString(), missing.toString()),
                missing.toString());
    }

    @Test
    void aCsvFileOfAnotherShapeIsAClearErrorNamingTheFile() throws IOException {
        Path small = Cli.write(dir, "small.csv", "a,b,c,d,e,f\n1,2,3,4,5,6\n");
        Cli.Run r = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), small.toString());
        assertCleanFailure(r, small + ": examples have 6 features; the model needs (1, 28, 28)");
    }

    @Test
    void aTopBelowOneIsAUsageError() throws IOException {
        Path image = grey28();
        for (String k : new String[] {"0", "-1"}) {
            Cli.Run r = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), "--top", k,
                    image.toString());
            assertEquals(ExitCodes.USAGE, r.exit(), r.err());
            assertTrue(r.err().startsWith("nnc: --top must be at least 1, got " + k + "\n"), r.err());
            assertEquals("", r.out());
        }
    }
}
