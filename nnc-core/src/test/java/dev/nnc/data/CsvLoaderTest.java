package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {

    @TempDir
    Path dir;

    @Test
    void classificationWithTheLabelColumnAnywhere() throws IOException {
        TestFiles.write(dir.resolve("d.csv"), "\uFEFF\"x1\", kind ,x2\n1.5,2,-3\n\n4,0,5e-1\n7,1,8\n9,1,10\n");
        DataSplits s = DataLoader.load(TestFiles.spec("csv", dir, "path", "d.csv", "label", "kind",
                "normalize", "none", "validation", 1), LoadOptions.all());
        Dataset t = s.train();
        assertEquals(Shape.of(2), t.exampleShape());
        assertEquals(3, t.count());
        assertEquals(3, t.numClasses());
        assertEquals(2, t.label(0));
        assertEquals(0, t.label(1));
        assertEquals(1.5f, t.example(0)[0]);
        assertEquals(-3f, t.example(0)[1]);
        assertEquals(0.5f, t.example(1)[1], "numbers are not scaled: only byte pixels are");
        assertEquals(9f, s.validation().example(0)[0]);
        assertTrue(s.test().isEmpty());
    }

    @Test
    void realTargetsForRegression() throws IOException {
        TestFiles.write(dir.resolve("r.csv"), "a,label\n1,0.5\n2,-1.25\n3,2\n4,3\n5,4\n6,5\n7,6\n8,7\n9,8\n10,9\n");
        DataSplits s = DataLoader.load(TestFiles.spec("csv", dir, "path", "r.csv"), LoadOptions.all());
        assertEquals(9, s.train().count(), "validation = 0.1 by default");
        assertEquals(1, s.validation().count());
        assertFalse(s.train().hasLabels(), "-1.25 is no class");
        assertTrue(s.train().hasTargets());
        assertEquals(-1.25f, s.train().target(1));
        assertEquals(9f, s.validation().target(0));
    }

    @Test
    void testFileWithTheSameColumns() throws IOException {
        TestFiles.write(dir.resolve("train.csv"), "label,a,b\n0,1,2\n1,3,4\n");
        TestFiles.write(dir.resolve("sub/test.csv"), "label,a,b\n1,5,6\n");
        DataSplits s = DataLoader.load(TestFiles.spec("csv", dir, "path", "train.csv", "test", "sub/test.csv",
                "validation", 0), LoadOptions.all());
        Dataset test = s.test().orElseThrow();
        assertEquals(1, test.count());
        assertEquals(1, test.label(0));
        // mean normalization from the training split: a has mean 2, b has mean 3
        assertEquals(3f, test.example(0)[0]);
        assertEquals(3f, test.example(0)[1]);
    }
}
