package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {

    @TempDir
    Path dir;

    private Path png(String name, BufferedImage img) throws IOException {
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    @Test
    void greyscaleOfTheRightSizeIsReadAsIs() throws IOException {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        int[] v = {0, 10, 20, 30, 40, 255};
        img.getRaster().setPixels(0, 0, 3, 2, v);
        ImageInput.Image in = ImageInput.read(png("g.png", img), Shape.of(1, 2, 3));
        assertArrayEquals(new float[] {0, 10, 20, 30, 40, 255}, in.pixels());
        assertEquals(List.of(), in.warnings());
    }

    @Test
    void colourIsConvertedToLumaAndResizedBilinearly() throws IOException {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, x < 2 ? 0xFF0000 : 0x0000FF);
            }
        }
        ImageInput.Image in = ImageInput.read(png("c.png", img), Shape.of(1, 2, 2));
        assertEquals(List.of("converted RGB to greyscale", "resized 4×4 to 2×2"), in.warnings());
        // halving: each output pixel centre falls between two same-coloured input pixels
        assertArrayEquals(new float[] {0.299f * 255, 0.114f * 255, 0.299f * 255, 0.114f * 255}, in.pixels(), 1e-3f);
    }

    @Test
    void bilinearUpsamplingInterpolatesBetweenCentres() {
        // 1×2 → 1×4: centres at -0.25, 0.25, 0.75, 1.25 in source coordinates, clamped at the edges
        float[] out = ImageInput.resize(new float[] {0, 100}, 1, 1, 2, 1, 4);
        assertArrayEquals(new float[] {0, 25, 75, 100}, out, 1e-4f);
    }

    @Test
    void greyToRgbAndFlatInputs() throws IOException {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, 2, 2, new int[] {1, 2, 3, 4});
        Path p = png("g.png", img);
        ImageInput.Image rgb = ImageInput.read(p, Shape.of(3, 2, 2));
        assertEquals(List.of("converted greyscale to RGB"), rgb.warnings());
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4}, rgb.pixels());
        assertArrayEquals(new float[] {1, 2, 3, 4}, ImageInput.read(p, Shape.of(4)).pixels());
        DataException e = assertThrows(DataException.class, () -> ImageInput.read(p, Shape.of(5)));
        assertTrue(e.getMessage().contains("needs a model input of (1, H, W) or (3, H, W), but the model's input "
                + "is (5)"), e.getMessage());
    }

    @Test
    void transparencyIsFlattenedOntoBlack() throws IOException {
        BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x80FFFFFF);
        ImageInput.Image in = ImageInput.read(png("a.png", img), Shape.of(1, 1, 1));
        assertEquals(List.of("flattened transparency onto black"), in.warnings());
        assertEquals(255 * 128 / 255f, in.pixels()[0], 1e-3f);
    }

    @Test
    void notAnImage() throws IOException {
        Path p = TestFiles.write(dir.resolve("x.png"), "not really");
        DataException e = assertThrows(DataException.class, () -> ImageInput.read(p, Shape.of(1, 2, 2)));
        assertEquals(p + ": not a PNG or JPEG image (or a format Java cannot read)", e.getMessage());
        DataException missing = assertThrows(DataException.class,
                () -> ImageInput.read(dir.resolve("y.png"), Shape.of(1, 2, 2)));
        assertEquals(dir.resolve("y.png") + ": file not found", missing.getMessage());
    }

    @Test
    void predictInputsByContent() throws IOException {
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, 2, 2, new int[] {0, 51, 102, 255});
        Path jpgNamed = png("photo.jpg", img);
        InputFiles.Inputs one = InputFiles.read(jpgNamed, Shape.of(1, 2, 2));
        assertEquals(1, one.data().count());
        Preprocessing p = Preprocessing.none(Shape.of(1, 2, 2), Preprocessing.PIXEL_SCALE);
        assertArrayEquals(new float[] {0, 0.2f, 0.4f, 1}, one.data().withPreprocessing(p).example(0), 1e-6f);

        Path idx = TestFiles.write(dir.resolve("in.bin"), TestFiles.gzip(TestFiles.idx(new int[] {3, 2, 2},
                TestFiles.pixels(3, 4))));
        Dataset images = InputFiles.read(idx, Shape.of(1, 2, 2)).data();
        assertEquals(3, images.count());
        assertEquals(Shape.of(1, 2, 2), images.exampleShape());
        assertEquals(2 * 16 + 3, images.raw(2, 3), 0.0);

        Path csv = TestFiles.write(dir.resolve("in.csv"), "a,b\n1,2\n3,4\n");
        Dataset rows = InputFiles.read(csv, Shape.of(2)).data();
        assertEquals(2, rows.count());
        assertArrayEquals(new float[] {3, 4}, rows.example(1));
        Path labelled = TestFiles.write(dir.resolve("l.csv"), "a,label,b\n1,1,2\n");
        Dataset withLabels = InputFiles.read(labelled, Shape.of(2)).data();
        assertArrayEquals(new float[] {1, 2}, withLabels.example(0));
        assertEquals(1, withLabels.label(0));
    }
}
