package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.data.DataLoader;
import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.LoadOptions;
import dev.nnc.graph.DataSpec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small model trains on image folders the test writes (Fashion-MNIST trousers, sneakers and bags saved as
 * PNGs, one folder per class, plus a test folder), with augmentation, reproducibly; predict and eval name
 * the classes after the folders; --preview-augment writes its grid.
 */
class ImageFolderTrainingTest {

    private static final Map<Integer, String> CLASSES = Map.of(1, "trouser", 7, "sneaker", 8, "bag");

    @TempDir
    static Path dir;

    static Path model;

    @BeforeAll
    static void writeFolders() throws IOException {
        DataSplits fashion = DataLoader.load(new DataSpec("fashionMnist", Map.of("validation", 0), Path.of("")),
                LoadOptions.limit(1200));
        write(fashion.train(), dir.resolve("pics"), 100);
        write(fashion.test().orElseThrow().head(600), dir.resolve("pics/test"), 20);
        model = Cli.write(dir, "pics.nn", """
                model Pics {
                    input(1, 28, 28)
                    flatten - affine(32) - relu - affine(3) - softmax
                    train {
                        data = images("pics", color = grey, validation = 0.1)
                        augment = rotate(10) - shift(0.1) - flip - erase(p = 0.3)
                        optimizer = adam(lr = 2e-3)
                        epochs = 4
                        batchSize = 30
                        seed = 3
                    }
                }
                """);
    }

    /** Up to {@code perClass} examples of each of the three classes, as 28x28 grey PNGs. */
    private static void write(Dataset d, Path root, int perClass) throws IOException {
        Map<Integer, Integer> written = new java.util.HashMap<>();
        for (int i = 0; i < d.count(); i++) {
            String name = CLASSES.get(d.label(i));
            if (name == null || written.merge(d.label(i), 1, Integer::sum) > perClass) {
                continue;
            }
            BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int j = 0; j < 784; j++) {
                img.getRaster().setSample(j % 28, j / 28, 0, Math.round(d.raw(i, j)));
            }
            Path f = root.resolve(name).resolve(String.format("%04d.png", i));
            Files.createDirectories(f.getParent());
            ImageIO.write(img, "png", f.toFile());
        }
    }

    private static double testAccuracy(String out) {
        Matcher m = Pattern.compile("test accuracy (\\d\\.\\d+)").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainsReproduciblyAndNamesTheClassesAfterTheFolders() throws IOException {
        Cli.Run a = Cli.run("train", model.toString(), "--out", dir.resolve("run-a").toString());
        assertEquals(0, a.exit(), a.err());
        assertTrue(a.out().contains("270 train / 30 validation / 60 test examples"), a.out());
        assertTrue(testAccuracy(a.out()) >= 0.8, a.out());
        Cli.Run b = Cli.run("train", model.toString(), "--out", dir.resolve("run-b").toString());
        assertEquals(0, b.exit(), b.err());
        // same seed: same augmented batches, same weights, same history (the time column aside)
        assertEquals(withoutTimes(dir.resolve("run-a/history.csv")), withoutTimes(dir.resolve("run-b/history.csv")));
        assertEquals(testAccuracy(a.out()), testAccuracy(b.out()));

        Path weights = dir.resolve("run-a/best.safetensors");
        Path bag = Files.list(dir.resolve("pics/test/bag")).sorted().findFirst().orElseThrow();
        Cli.Run p = Cli.run("predict", model.toString(), "--weights", weights.toString(), bag.toString());
        assertEquals(0, p.exit(), p.err());
        Matcher top = Pattern.compile("^" + Pattern.quote(bag.toString()) + ":  (\\w+) \\d\\.\\d{3}  (\\w+) \\d\\.\\d{3}"
                + "  (\\w+) \\d\\.\\d{3}$").matcher(p.out().strip());
        assertTrue(top.matches(), p.out());
        assertEquals(List.of("bag", "sneaker", "trouser"),
                List.of(top.group(1), top.group(2), top.group(3)).stream().sorted().toList());

        Cli.Run e = Cli.run("eval", model.toString(), "--weights", weights.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().contains("trouser") && e.out().contains("sneaker") && e.out().contains("bag"), e.out());
    }

    private static List<String> withoutTimes(Path history) throws IOException {
        List<String> lines = Files.readAllLines(history);
        List<String> header = List.of(lines.get(0).split(","));
        int[] keep = java.util.stream.IntStream.range(0, header.size())
                .filter(i -> !header.get(i).contains("second") && !header.get(i).contains("time")).toArray();
        return lines.stream().map(l -> {
            String[] f = l.split(",");
            StringBuilder sb = new StringBuilder();
            for (int i : keep) {
                sb.append(f[i]).append(',');
            }
            return sb.toString();
        }).toList();
    }

    /** IDX data augments too; the augmented run's training loss differs from the plain run with the same seed. */
    @Test
    void idxDataTrainsWithAugmentationWhichChangesTheTrainingBatches() throws IOException {
        Path mlp = Cli.write(dir, "mlp.nn", TrainFixtures.MLP);
        Cli.Run plain = Cli.run("train", mlp.toString(), "--limit", "1000", "--epochs", "1", "--out",
                dir.resolve("idx-plain").toString());
        Cli.Run aug = Cli.run("train", mlp.toString(), "--limit", "1000", "--epochs", "1", "--set",
                "augment=rotate(15) - crop(pad = 2)", "--out", dir.resolve("idx-aug").toString());
        assertEquals(0, plain.exit(), plain.err());
        assertEquals(0, aug.exit(), aug.err());
        String lossPlain = Files.readAllLines(dir.resolve("idx-plain/history.csv")).get(1).split(",")[1];
        String lossAug = Files.readAllLines(dir.resolve("idx-aug/history.csv")).get(1).split(",")[1];
        assertTrue(!lossPlain.equals(lossAug), lossPlain + " " + lossAug);
    }

    @Test
    void previewAugmentWritesAGridOfOriginalsAndCopies() throws IOException {
        Path png = dir.resolve("preview.png");
        Cli.Run r = Cli.run("train", model.toString(), "--preview-augment", png.toString(), "--preview-rows", "3",
                "--preview-columns", "4");
        assertEquals(0, r.exit(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        // 28x28 pictures enlarged 2x to 56, 2-pixel gaps: 5 columns (original + 4), 3 rows
        assertEquals(5 * 56 + 4 * 2, img.getWidth());
        assertEquals(3 * 56 + 2 * 2, img.getHeight());
        assertTrue(r.out().contains("wrote " + png), r.out());
    }

    @Test
    void augmentationOfNonImageDataIsRefusedClearly(@TempDir Path tmp) throws IOException {
        Path csv = Cli.write(tmp, "d.csv", "a,b,c,label\n1,2,3,0\n2,3,4,1\n3,4,5,0\n4,5,6,1\n5,6,7,0\n");
        Path m = Cli.write(tmp, "m.nn", """
                model M {
                    input(3)
                    affine(2) - softmax
                    train { data = csv("d.csv", validation = 0); augment = flip; epochs = 1 }
                }
                """);
        Cli.Run r = Cli.run("train", m.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("augmentation needs images, (C, H, W) examples, but they are (3)"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }
}
