package dev.nnc.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.graph.Shape;
import org.junit.jupiter.api.Test;

class DataChecksTest {

    private final Dataset images = Dataset.ofBytes("train-images", Shape.of(1, 2, 2), new byte[12],
            new int[] {0, 7, 3}, 8);

    private static String message(Runnable r) {
        return assertThrows(DataException.class, r::run).getMessage();
    }

    @Test
    void shapeMustMatchTheModelInputOrFlattenIntoIt() {
        assertDoesNotThrow(() -> DataChecks.check(images, Shape.of(1, 2, 2), 10));
        assertDoesNotThrow(() -> DataChecks.check(images, Shape.of(4), 10));
        assertEquals("train-images: the examples are (1, 2, 2) but the model's input is (3, 32, 32)",
                message(() -> DataChecks.check(images, Shape.of(3, 32, 32), 10)));
        assertEquals("train-images: the examples are (1, 2, 2) but the model's input is (5)",
                message(() -> DataChecks.check(images, Shape.of(5), 10)));
        assertEquals("train-images: the examples are (1, 2, 2) but the model's input is (2, 2, 1); "
                + "write input(1, 2, 2) or input(4)", message(() -> DataChecks.check(images, Shape.of(2, 2, 1), 10)));
    }

    @Test
    void rowsOfValuesFillAnImageInputRowMajor() {
        Dataset rows = Dataset.ofFloats("pixels.csv", Shape.of(784), new float[2 * 784], new int[] {0, 1}, null, 10);
        assertDoesNotThrow(() -> DataChecks.check(rows, Shape.of(1, 28, 28), 10)); // as nnc predict reads them
        assertDoesNotThrow(() -> DataChecks.check(rows, Shape.of(4, 14, 14), 10));
        assertEquals("pixels.csv: the examples are (784) but the model's input is (1, 32, 32)",
                message(() -> DataChecks.check(rows, Shape.of(1, 32, 32), 10)));
    }

    @Test
    void labelsMustBeTheModelsClasses() {
        assertEquals("train-images: label 7 of example 1 is outside the model's 5 classes (0..4)",
                message(() -> DataChecks.check(images, Shape.of(1, 2, 2), 5)));
        Dataset real = Dataset.ofFloats("r.csv", Shape.of(1), new float[2], null, new float[] {1f, 2.5f}, 0);
        assertEquals("r.csv: the label of example 1 is 2.5, not a class 0..2; real-valued targets need a "
                + "regression model (mse)", message(() -> DataChecks.check(real, Shape.of(1), 3)));
        Dataset none = Dataset.ofFloats("x.csv", Shape.of(1), new float[2], null, null, 0);
        assertEquals("x.csv: the data has no class labels, but the model classifies",
                message(() -> DataChecks.check(none, Shape.of(1), 3)));
    }

    @Test
    void regressionNeedsOneTargetPerExample() {
        Dataset real = Dataset.ofFloats("r.csv", Shape.of(1), new float[2], null, new float[] {1f, 2.5f}, 0);
        assertDoesNotThrow(() -> DataChecks.checkRegression(real, Shape.of(1), 1));
        assertEquals("r.csv: the data has one target per example, but the model outputs 3 values; end it with "
                + "affine(1) - mse", message(() -> DataChecks.checkRegression(real, Shape.of(1), 3)));
        Dataset none = Dataset.ofFloats("x.csv", Shape.of(1), new float[2], null, null, 0);
        assertEquals("x.csv: the data has no targets, but the model is trained on them",
                message(() -> DataChecks.checkRegression(none, Shape.of(1), 1)));
    }

    @Test
    void splitsAreCheckedTogether() {
        Preprocessing p = Preprocessing.none(Shape.of(1, 2, 2), Preprocessing.PIXEL_SCALE);
        DataSplits s = new DataSplits(images.slice(0, 1), images.slice(1, 2), java.util.Optional.empty(), p);
        assertDoesNotThrow(() -> s.check(Shape.of(1, 2, 2), 8));
        assertEquals("train-images: label 7 of example 0 is outside the model's 4 classes (0..3)",
                message(() -> s.check(Shape.of(1, 2, 2), 4)));
    }
}
