package dev.nnc.data.augment;

import dev.nnc.data.Dataset;
import dev.nnc.graph.AugmentSpec;
import dev.nnc.tensor.Precision;
import dev.nnc.io.AtomicFiles;
import dev.nnc.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG grid of augmented training examples, for {@code nnc train --preview-augment}: one row per example, the
 * original in the first column and augmented copies after it, drawn from the raw pixels scaled to [0, 1]
 * (before normalization, so they look like the pictures). Small images are enlarged by whole pixels.
 */
public final class AugmentPreview {

    /** Pixels between cells. */
    private static final int GAP = 2;

    private AugmentPreview() {
    }

    /**
     * @param examples rows: the first examples of {@code data}
     * @param variants augmented copies per row, after the original
     * @throws IllegalArgumentException when the examples are not images
     */
    public static BufferedImage grid(Dataset data, AugmentSpec spec, int examples, int variants, long seed) {
        int[] chw = Augmenter.chw(data.exampleShape());
        int c = chw[0];
        int h = chw[1];
        int w = chw[2];
        int rows = Math.min(examples, data.count());
        int zoom = Math.max(1, 64 / Math.max(h, w));
        int cellH = h * zoom;
        int cellW = w * zoom;
        BufferedImage img = new BufferedImage((variants + 1) * (cellW + GAP) - GAP, rows * (cellH + GAP) - GAP,
                BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
        Augmenter augmenter = new Augmenter(spec, data.exampleShape());
        int size = c * h * w;
        double scale = data.preprocessing().scale();
        for (int r = 0; r < rows; r++) {
            Tensor batch = Tensor.zeros(Precision.FLOAT32, variants + 1, size);
            for (int v = 0; v <= variants; v++) {
                for (int j = 0; j < size; j++) {
                    batch.set(v * size + j, data.raw(r, j) * scale);
                }
            }
            Tensor copies = Tensor.zeros(Precision.FLOAT32, variants, size);
            for (int j = 0; j < variants * size; j++) {
                copies.set(j, batch.get(size + j));
            }
            augmenter.apply(copies, variants, seed + r);
            for (int v = 0; v <= variants; v++) {
                Tensor src = v == 0 ? batch : copies;
                int row = v == 0 ? 0 : v - 1;
                draw(img, src, row * size, c, h, w, zoom, v * (cellW + GAP), r * (cellH + GAP));
            }
        }
        return img;
    }

    private static void draw(BufferedImage img, Tensor t, int off, int c, int h, int w, int zoom, int x0, int y0) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] rgb = new int[3];
                for (int k = 0; k < 3; k++) {
                    double v = t.get(off + (c == 3 ? k : 0) * h * w + y * w + x);
                    rgb[k] = (int) Math.round(Math.max(0, Math.min(1, v)) * 255);
                }
                int p = (rgb[0] << 16) | (rgb[1] << 8) | rgb[2];
                for (int dy = 0; dy < zoom; dy++) {
                    for (int dx = 0; dx < zoom; dx++) {
                        img.setRGB(x0 + x * zoom + dx, y0 + y * zoom + dy, p);
                    }
                }
            }
        }
    }

    /** Writes {@code img} as a PNG, atomically (a reader never sees half a file). */
    public static void writePng(BufferedImage img, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageIO.write(img, "png", bytes);
        AtomicFiles.write(file, bytes.toByteArray());
    }
}
