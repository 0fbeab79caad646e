package dev.nnc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.nnc.train.ConfusionMatrix;
import dev.nnc.train.EpochStats;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

    @TempDir
    Path dir;

    private static BufferedImage decode(Path file) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is not a decodable image");
        return image;
    }

    /** The image is not blank: some pixel differs from the top-left (background) pixel. */
    private static void assertDrawn(BufferedImage image) {
        int background = image.getRGB(0, 0);
        boolean drawn = false;
        for (int y = 0; y < image.getHeight() && !drawn; y += 3) {
            for (int x = 0; x < image.getWidth() && !drawn; x += 3) {
                drawn = image.getRGB(x, y) != background;
            }
        }
        assertNotEquals(false, drawn, "image is blank");
    }

    @Test
    void curvesPng() throws IOException {
        Path file = dir.resolve(Charts.CURVES);
        Charts.writeCurves(file, List.of(
                new EpochStats(1, 1.2, 0.55, 0.52, 1e-3, 3),
                new EpochStats(2, 0.8, 0.71, 0.69, 9e-4, 3),
                new EpochStats(3, 0.6, 0.80, Double.NaN, 8e-4, 3)));
        BufferedImage image = decode(file);
        assertEquals(2 * Charts.PANEL_WIDTH, image.getWidth());
        assertEquals(Charts.PANEL_HEIGHT, image.getHeight());
        assertDrawn(image);
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void curvesOfOneEpochWithoutAccuracy() throws IOException {
        Path file = dir.resolve(Charts.CURVES);
        Charts.writeCurves(file, List.of(new EpochStats(1, 0.3, Double.NaN, Double.NaN, 0.1, 1)));
        assertEquals(2 * Charts.PANEL_WIDTH, decode(file).getWidth());
    }

    @Test
    void tickLabelsGetAsManyDecimalsAsTheSpanNeeds() {
        // a loss from 0.31 to 2.3: ticks 0.25 apart at most need two decimals, never the raw double
        String wide = Charts.tickPattern(0.31, 2.3);
        assertEquals("0.##", wide);
        assertEquals("1.16", new java.text.DecimalFormat(wide, java.text.DecimalFormatSymbols.getInstance(
                java.util.Locale.ROOT)).format(1.163811758630276));
        // accuracies 0.912 to 0.918 need ticks 0.001 apart
        assertEquals("0.#####", Charts.tickPattern(0.912, 0.918));
        assertEquals("0.####", Charts.tickPattern(0.7, 0.7), "a single value");
    }

    @Test
    void confusionPng() throws IOException {
        ConfusionMatrix m = ConfusionMatrix.of(3, new int[] {0, 1, 2, 2, 1}, new int[] {0, 1, 2, 1, 1});
        Path indices = dir.resolve(Charts.CONFUSION);
        Charts.writeConfusion(indices, m, List.of());
        BufferedImage image = decode(indices);
        assertEquals(Charts.CONFUSION_WIDTH, image.getWidth());
        assertEquals(Charts.CONFUSION_HEIGHT, image.getHeight());
        assertDrawn(image);

        Path named = dir.resolve("named.png");
        Charts.writeConfusion(named, m, List.of("cat", "dog", "bird"));
        assertEquals(Charts.CONFUSION_HEIGHT, decode(named).getHeight());
    }
}
