package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.graph.Shape;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InputFiles#read}: the examples of a file must fit the model's input before anything runs. */
class InputFilesTest {

    @TempDir
    Path dir;

    private Path csv(int features) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < features; j++) {
            sb.append(j == 0 ? "" : ",").append("x").append(j);
        }
        sb.append('\n');
        for (int j = 0; j < features; j++) {
            sb.append(j == 0 ? "" : ",").append(j);
        }
        return TestFiles.write(dir.resolve("small.csv"), sb.append('\n').toString());
    }

    @Test
    void aCsvFileWithTheWrongNumberOfFeaturesNamesTheFileAndBothShapes() throws IOException {
        Path f = csv(6);
        DataException e = assertThrows(DataException.class, () -> InputFiles.read(f, Shape.of(1, 28, 28)));
        assertEquals(f + ": examples have 6 features; the model needs (1, 28, 28)", e.getMessage());
    }

    @Test
    void anIdxFileOfAnotherImageSizeIsRefused() throws IOException {
        Path f = TestFiles.write(dir.resolve("five.idx"), TestFiles.idx(new int[] {2, 5, 5}, new byte[50]));
        DataException e = assertThrows(DataException.class, () -> InputFiles.read(f, Shape.of(1, 28, 28)));
        assertEquals(f + ": examples are (1, 5, 5); the model needs (1, 28, 28)", e.getMessage());
    }

    @Test
    void aCsvRowOfTheInputsSizeIsReadRowMajorIntoTheInputShape() throws IOException {
        Dataset d = InputFiles.read(csv(4), Shape.of(1, 2, 2)).data();
        assertEquals(Shape.of(1, 2, 2), d.exampleShape());
        assertEquals(3f, d.raw(0, 3));
    }

    @Test
    void aVectorModelTakesImagesOfItsSize() throws IOException {
        Path f = TestFiles.write(dir.resolve("two.idx"), TestFiles.idx(new int[] {2, 2, 3}, new byte[12]));
        assertEquals(Shape.of(1, 2, 3), InputFiles.read(f, Shape.of(6)).data().exampleShape());
    }
}
