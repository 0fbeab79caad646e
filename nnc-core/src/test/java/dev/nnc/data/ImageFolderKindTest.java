package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.DataSpec;
import dev.nnc.graph.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code images(dir, ...)}: class folders, the test folder, resizing, streaming and the errors. */
class ImageFolderKindTest {

    @TempDir
    Path dir;

    /** A w x h RGB picture whose pixels encode (class, index): red = 40·class, green = index, blue = x. */
    static void png(Path file, int w, int h, int cls, int index) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, (40 * cls) << 16 | index << 8 | x);
            }
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private void classes(Path root, int perClass, int w, int h, String... names) throws IOException {
        for (int c = 0; c < names.length; c++) {
            for (int i = 0; i < perClass; i++) {
                png(root.resolve(names[c]).resolve(String.format("%03d.png", i)), w, h, c, i);
            }
        }
    }

    private DataSplits load(Object... kv) {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("dir", "pics");
        for (int i = 0; i < kv.length; i += 2) {
            args.put((String) kv[i], kv[i + 1]);
        }
        args.putIfAbsent("validation", 0);
        args.putIfAbsent("normalize", "none");
        return DataLoader.load(new DataSpec("images", args, dir), LoadOptions.all());
    }

    @Test
    void classesComeFromSortedFolderNamesAndExamplesInterleave() throws IOException {
        classes(dir.resolve("pics"), 3, 4, 5, "dog", "cat");
        DataSplits s = load();
        Dataset train = s.train();
        assertEquals(6, train.count());
        assertEquals(Shape.of(3, 5, 4), train.exampleShape());
        assertEquals(2, train.numClasses());
        // cat (0) and dog (1) alternate, each in file order: red encodes the class of the folder written
        for (int i = 0; i < 6; i++) {
            assertEquals(i % 2, train.label(i));
            assertEquals(i % 2 == 0 ? 40 : 0, train.raw(i, 0), 0.0, "red of example " + i);
            assertEquals(i / 2, train.raw(i, 20), 0.0, "green of example " + i);
        }
        assertEquals(List.of("cat", "dog"), DataLoader.classNames(new DataSpec("images", Map.of("dir", "pics"), dir)));
        assertTrue(s.test().isEmpty());
    }

    @Test
    void aTestFolderIsTheTestSetAndNotAClass() throws IOException {
        classes(dir.resolve("pics"), 2, 4, 4, "a", "b");
        classes(dir.resolve("pics/test"), 1, 4, 4, "a", "b");
        DataSplits s = load();
        assertEquals(2, s.train().numClasses());
        assertEquals(4, s.train().count());
        assertEquals(2, s.test().orElseThrow().count());
    }

    @Test
    void trainAndTestSubFolders() throws IOException {
        classes(dir.resolve("pics/train"), 2, 4, 4, "a", "b");
        classes(dir.resolve("pics/test"), 1, 4, 4, "a", "b", "c");
        DataException e = assertThrows(DataException.class, this::load);
        assertTrue(e.getMessage().contains("the test classes [a, b, c] differ from the training classes [a, b]"),
                e.getMessage());
    }

    @Test
    void resizesToSizeAndConvertsToGrey() throws IOException {
        classes(dir.resolve("pics"), 1, 8, 6, "a", "b");
        png(dir.resolve("pics/a/big.png"), 16, 12, 0, 9);
        Dataset d = load("size", List.of(3, 4), "color", "grey").train();
        assertEquals(Shape.of(1, 3, 4), d.exampleShape());
        assertEquals(3, d.count());
    }

    @Test
    void mixedSizesWithoutResizingAreAnError() throws IOException {
        classes(dir.resolve("pics"), 1, 8, 6, "a", "b");
        png(dir.resolve("pics/b/odd.png"), 7, 6, 1, 3);
        DataException e = assertThrows(DataException.class, this::load);
        assertTrue(e.getMessage().contains("odd.png: 7x6 pixels, but"), e.getMessage());
        assertTrue(e.getMessage().contains("add size = (H, W)"), e.getMessage());
    }

    @Test
    void anEmptyClassFolderIsAnError() throws IOException {
        classes(dir.resolve("pics"), 1, 4, 4, "a");
        Files.createDirectories(dir.resolve("pics/b"));
        DataException e = assertThrows(DataException.class, this::load);
        assertTrue(e.getMessage().contains("class folder 'b' has no PNG or JPEG files"), e.getMessage());
    }

    @Test
    void anUnreadableImageIsAnErrorNamingIt() throws IOException {
        classes(dir.resolve("pics"), 1, 4, 4, "a", "b");
        Files.writeString(dir.resolve("pics/b/broken.png"), "not a picture");
        DataException e = assertThrows(DataException.class, this::load);
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
    }

    @Test
    void oneClassFolderIsNotEnough() throws IOException {
        classes(dir.resolve("pics"), 2, 4, 4, "only");
        DataException e = assertThrows(DataException.class, this::load);
        assertTrue(e.getMessage().contains("needs one sub-folder per class, at least 2, but has 1 (only)"),
                e.getMessage());
    }

    /**
     * A data set larger than the decoded window streams: after a full pass in batches, at most the window is
     * held, and an example evicted and decoded again is the same bit for bit.
     */
    @Test
    void streamingHoldsABoundedWindowAndDecodesTheSameValuesAgain() {
        int size = 12;
        int[] decodes = new int[1];
        StreamedFeatures f = new StreamedFeatures(500, size, e -> {
            synchronized (decodes) {
                decodes[0]++;
            }
            float[] v = new float[size];
            java.util.Arrays.fill(v, e);
            return v;
        }, 8, 40L * size * 4);
        assertEquals(40, f.capacity());
        int[] order = new int[500];
        for (int i = 0; i < 500; i++) {
            order[i] = (i * 37) % 500;
        }
        for (int b = 0; b < 500; b += 10) {
            f.prefetch(order, b, 10);
            f.prefetch(order, b + 10, Math.min(10, 500 - b - 10));
            for (int i = b; i < b + 10; i++) {
                assertEquals(order[i], f.raw(order[i] * size + 5), 0.0);
            }
            assertTrue(f.held() <= 40, "held " + f.held());
        }
        assertTrue(decodes[0] >= 500);
        float[] again = f.row(order[0]);
        assertArrayEquals(new float[] {order[0], order[0], order[0], order[0], order[0], order[0], order[0],
            order[0], order[0], order[0], order[0], order[0]}, again);
    }
}
