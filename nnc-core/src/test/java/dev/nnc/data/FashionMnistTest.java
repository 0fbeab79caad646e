package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Fashion-MNIST bundled in the repository (data/fashion-mnist, found from the working directory). */
class FashionMnistTest {

    @TempDir
    Path dir;

    private static void assertLabels(Dataset d) {
        int[] counts = new int[10];
        for (int i = 0; i < d.count(); i++) {
            counts[d.label(i)]++;
        }
        for (int c : counts) {
            assertTrue(c > 0, "every class occurs");
        }
    }

    @Test
    void loadsTheBundledSplits() {
        DataSplits s = DataLoader.load(new dev.nnc.graph.DataSpec("fashionMnist", Map.of(), Path.of(".")),
                LoadOptions.all());
        assertEquals(55_000, s.train().count());
        assertEquals(5_000, s.validation().count());
        assertEquals(10_000, s.test().orElseThrow().count());
        assertEquals(Shape.of(1, 28, 28), s.train().exampleShape());
        assertEquals(10, s.train().numClasses());
        assertLabels(s.train());
        assertLabels(s.validation());
        assertLabels(s.test().get());
        s.check(Shape.of(1, 28, 28), 10);
        // mean normalization: the training split's features average to zero
        double sum = 0;
        float[] row = new float[784];
        for (int i = 0; i < s.train().count(); i++) {
            s.train().copyExample(i, row, 0);
            sum += row[300];
        }
        assertEquals(0.0, sum / s.train().count(), 1e-6);
    }

    @Test
    void limitLoadsOnlyTheFirstExamples() {
        DataSplits s = DataLoader.load(new dev.nnc.graph.DataSpec("fashionMnist", Map.of("validation", 100),
                Path.of(".")), LoadOptions.limit(1000));
        assertEquals(900, s.train().count());
        assertEquals(100, s.validation().count());
    }

    @Test
    void theFolderIsFoundFromTheEnvironmentTheWorkingDirectoryOrTheJar() throws IOException {
        Path bundled = dir.resolve("repo/data/fashion-mnist");
        TestFiles.mnistDir(bundled, 1, 1, 1, 1, true, "-");
        Path jar = dir.resolve("repo/target/nnc.jar");
        Files.createDirectories(jar.getParent());
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertEquals(bundled, BundledData.locate(Optional.of(bundled.toString()), elsewhere, Optional.empty()));
        assertEquals(bundled, BundledData.locate(Optional.of(dir.resolve("repo/data").toString()), elsewhere,
                Optional.empty()));
        assertEquals(bundled, BundledData.locate(Optional.empty(), dir.resolve("repo"), Optional.empty()));
        assertEquals(bundled, BundledData.locate(Optional.empty(), elsewhere, Optional.of(jar)));
        DataException e = assertThrows(DataException.class,
                () -> BundledData.locate(Optional.of(elsewhere.toString()), elsewhere, Optional.of(jar)));
        assertTrue(e.getMessage().contains("$NNC_DATA is " + elsewhere), e.getMessage());
        DataException none = assertThrows(DataException.class,
                () -> BundledData.locate(Optional.empty(), elsewhere, Optional.empty()));
        assertTrue(none.getMessage().startsWith("Fashion-MNIST not found in ["), none.getMessage());
    }
}
