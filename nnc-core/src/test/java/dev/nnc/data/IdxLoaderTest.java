package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {

    @TempDir
    Path dir;

    @Test
    void idxKindReadsRawAndGzippedFilesAlike() throws IOException {
        byte[] img = TestFiles.idx(new int[] {5, 3, 2}, TestFiles.pixels(5, 6));
        byte[] lab = TestFiles.idx(new int[] {5}, new byte[] {0, 3, 1, 2, 1});
        TestFiles.write(dir.resolve("raw/img"), img);
        TestFiles.write(dir.resolve("raw/lab"), lab);
        // gzipped files under names that do not say so: detection is by magic bytes
        TestFiles.write(dir.resolve("gz/img.idx"), TestFiles.gzip(img));
        TestFiles.write(dir.resolve("gz/lab.idx"), TestFiles.gzip(lab));

        for (String[] files : new String[][] {{"raw/img", "raw/lab"}, {"gz/img.idx", "gz/lab.idx"}}) {
            DataSplits s = DataLoader.load(TestFiles.spec("idx", dir, "images", files[0], "labels", files[1],
                    "normalize", "none"), LoadOptions.all());
            Dataset train = s.train();
            assertEquals(Shape.of(1, 3, 2), train.exampleShape());
            assertEquals(5, train.count());
            assertEquals(4, train.numClasses(), "classes are 0..largest label");
            assertTrue(s.validation().isEmpty(), "idx holds out nothing by default");
            assertTrue(s.test().isEmpty());
            assertEquals(3, train.label(1));
            float[] ex = train.example(2);
            for (int i = 0; i < 6; i++) {
                assertEquals((2 * 16 + i) / 255f, ex[i], 1e-7f, "pixels are scaled to [0, 1]");
            }
        }
    }

    @Test
    void idxKindWithTestPairAndFlatExamples() throws IOException {
        TestFiles.write(dir.resolve("a"), TestFiles.idx(new int[] {4, 5}, TestFiles.pixels(4, 5)));
        TestFiles.write(dir.resolve("b"), TestFiles.idx(new int[] {4}, TestFiles.labels(4, 3)));
        TestFiles.write(dir.resolve("c"), TestFiles.idx(new int[] {2, 5}, TestFiles.pixels(2, 5)));
        TestFiles.write(dir.resolve("d"), TestFiles.idx(new int[] {2}, TestFiles.labels(2, 3)));
        DataSplits s = DataLoader.load(TestFiles.spec("idx", dir, "images", "a", "labels", "b", "testImages", "c",
                "testLabels", "d", "validation", 1), LoadOptions.all());
        assertEquals(Shape.of(5), s.train().exampleShape());
        assertEquals(3, s.train().count());
        assertEquals(1, s.validation().count());
        assertEquals(2, s.test().orElseThrow().count());
        assertEquals(1, s.test().get().label(1));
    }

    @Test
    void mnistDirectoryWithEitherFileNaming() throws IOException {
        TestFiles.mnistDir(dir.resolve("gz"), 12, 4, 2, 2, true, "-");
        TestFiles.mnistDir(dir.resolve("dots"), 12, 4, 2, 2, false, ".");
        for (String d : new String[] {"gz", "dots"}) {
            DataSplits s = DataLoader.load(TestFiles.spec("mnist", dir, "dir", d, "validation", 3),
                    LoadOptions.all());
            assertEquals(9, s.train().count());
            assertEquals(3, s.validation().count());
            assertEquals(4, s.test().orElseThrow().count());
            assertEquals(10, s.train().numClasses());
            // the validation split is the LAST 3 training examples: 9, 10, 11
            assertEquals(9 % 10, s.validation().label(0));
            assertEquals((9 * 16) / 255.0, s.validation().raw(0, 0) / 255.0, 1e-12);
            assertEquals(9 * 16, s.validation().raw(0, 0), 0.0);
        }
    }

    @Test
    void limitKeepsTheFirstExamplesAndValidationComesFromThem() throws IOException {
        TestFiles.mnistDir(dir, 20, 3, 2, 2, true, "-");
        DataSplits s = DataLoader.load(TestFiles.spec("mnist", dir, "dir", ".", "validation", 2),
                LoadOptions.limit(6));
        assertEquals(4, s.train().count());
        assertEquals(2, s.validation().count());
        assertEquals(4 * 16, s.validation().raw(0, 0), 0.0, "validation = examples 4 and 5");
        assertEquals(5 * 16, s.validation().raw(1, 0), 0.0);
        assertEquals(3, s.test().orElseThrow().count(), "the test set is not limited");
    }

    @Test
    void validationFractionIsTakenFromTheEnd() throws IOException {
        TestFiles.mnistDir(dir, 20, 1, 1, 1, false, "-");
        DataSplits s = DataLoader.load(TestFiles.spec("mnist", dir, "dir", dir.toString(), "validation", 0.25),
                LoadOptions.all());
        assertEquals(15, s.train().count());
        assertEquals(5, s.validation().count());
        assertEquals(15 % 10, s.validation().label(0));
        assertFalse(s.validation().isEmpty());
    }

    @Test
    void testImagesNeedTestLabels() throws IOException {
        TestFiles.write(dir.resolve("a"), TestFiles.idx(new int[] {2, 1}, new byte[2]));
        TestFiles.write(dir.resolve("b"), TestFiles.idx(new int[] {2}, new byte[2]));
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(TestFiles.spec("idx", dir,
                "images", "a", "labels", "b", "testImages", "a"), LoadOptions.all()));
        assertTrue(e.getMessage().contains("testImages and testLabels go together"), e.getMessage());
    }
}
