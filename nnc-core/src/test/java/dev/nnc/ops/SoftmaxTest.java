package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SoftmaxTest {

    private static PointwiseOpFixture.Built softmax(Precision p) {
        return PointwiseOpFixture.build("softmax", p, Map.of(), new int[] {4});
    }

    private static Targets labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (3 * i + 1) % 4;
        }
        return Targets.labels(y);
    }

    @Test
    void forwardGivesProbabilitiesAndLossIsTheMeanCrossEntropy() {
        PointwiseOpFixture.Built b = softmax(Precision.FLOAT64);
        int[] shape = {2, 4};
        // Row 0: e^x ∝ (1, 2, 5, 0) / 8. Row 1: equal scores, 1/4 each.
        Tensor x = PointwiseOpFixture.tensor(Precision.FLOAT64, shape,
                0, Math.log(2), Math.log(5), Double.NEGATIVE_INFINITY, 7, 7, 7, 7);
        Tensor p = x.zerosLike(shape);
        b.op().forward(new Tensor[] {x}, p, Mode.TRAIN);
        assertArrayEquals(new double[] {1.0 / 8, 2.0 / 8, 5.0 / 8, 0, 0.25, 0.25, 0.25, 0.25},
                p.toDoubleArray(), 1e-15);
        double loss = b.loss().loss(new Tensor[] {x}, p, Targets.labels(new int[] {2, 0}));
        assertEquals(-(Math.log(5.0 / 8) + Math.log(0.25)) / 2, loss, 1e-15);
        Tensor dx = x.zerosLike(shape);
        b.op().backward(new Tensor[] {x}, p, null, new Tensor[] {dx});
        assertArrayEquals(new double[] {1.0 / 16, 2.0 / 16, -3.0 / 16, 0, -3.0 / 8, 1.0 / 8, 1.0 / 8, 1.0 / 8},
                dx.toDoubleArray(), 1e-15);
    }

    @Test
    void labelSmoothingScoresAgainstTheSmoothedDistribution() {
        PointwiseOpFixture.Built b = softmax(Precision.FLOAT64);
        int[] shape = {2, 4};
        // Row 0: e^x = (1, 2, 5, 1), p = (1, 2, 5, 1) / 9. Row 1: equal scores, 1/4 each.
        Tensor x = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, 0, Math.log(2), Math.log(5), 0, 7, 7, 7, 7);
        Tensor p = x.zerosLike(shape);
        b.op().forward(new Tensor[] {x}, p, Mode.TRAIN);
        // ε = 0.2 over K = 4 classes: q = 0.8·onehot + 0.05, so q0 = (0.05, 0.05, 0.85, 0.05), q1 = (0.85, 0.05, ...)
        double loss = b.loss().loss(new Tensor[] {x}, p, Targets.smoothedLabels(new int[] {2, 0}, 0.2));
        double row0 = -(0.05 * Math.log(1.0 / 9) + 0.05 * Math.log(2.0 / 9) + 0.85 * Math.log(5.0 / 9)
                + 0.05 * Math.log(1.0 / 9));
        double row1 = -(0.85 + 3 * 0.05) * Math.log(0.25);
        assertEquals((row0 + row1) / 2, loss, 1e-14);
        // dx = (p - q) / N
        Tensor dx = x.zerosLike(shape);
        b.op().backward(new Tensor[] {x}, p, null, new Tensor[] {dx});
        assertArrayEquals(new double[] {
            (1.0 / 9 - 0.05) / 2, (2.0 / 9 - 0.05) / 2, (5.0 / 9 - 0.85) / 2, (1.0 / 9 - 0.05) / 2,
            (0.25 - 0.85) / 2, (0.25 - 0.05) / 2, (0.25 - 0.05) / 2, (0.25 - 0.05) / 2}, dx.toDoubleArray(), 1e-15);
    }

    @Test
    void gradientOfTheSmoothedLossMatchesFiniteDifferences() {
        double[] x = PointwiseOpFixture.uniform(new Rng(3), 20, -3, 3);
        Targets smoothed = Targets.smoothedLabels(labels(5).labelArray(), 0.1);
        double err = PointwiseOpFixture.maxLossGradientError(softmax(Precision.FLOAT64), new int[] {5, 4}, x, smoothed);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void onlySoftmaxTakesSmoothedLabels() {
        PointwiseOpFixture.Built svm = PointwiseOpFixture.build("svm", Precision.FLOAT64, Map.of("margin", 1.0),
                new int[] {4});
        int[] shape = {2, 4};
        Tensor x = x(shape);
        Tensor out = x.zerosLike(shape);
        svm.op().forward(new Tensor[] {x}, out, Mode.TRAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> svm.loss().loss(new Tensor[] {x}, out, Targets.smoothedLabels(new int[] {0, 1}, 0.1)));
        assertEquals("svm has no label smoothing (it is for softmax), but the targets are smoothed by 0.1",
                e.getMessage());
    }

    @Test
    void hugeScoresNeitherOverflowNorLoseTheLoss() {
        PointwiseOpFixture.Built b = softmax(Precision.FLOAT32);
        int[] shape = {1, 4};
        Tensor x = PointwiseOpFixture.tensor(Precision.FLOAT32, shape, 1000, 0, -1000, 1000);
        Tensor p = x.zerosLike(shape);
        b.op().forward(new Tensor[] {x}, p, Mode.TRAIN);
        assertArrayEquals(new double[] {0.5, 0, 0, 0.5}, p.toDoubleArray(), 1e-12);
        // p = e^-1000 / 2 underflows, yet the loss is the exact 1000 + ln 2 from the log-softmax.
        double loss = b.loss().loss(new Tensor[] {x}, p, Targets.labels(new int[] {1}));
        assertEquals(1000 + Math.log(2), loss, 1e-9);
    }

    @Test
    void labelOutsideTheClassesIsAClearError() {
        PointwiseOpFixture.Built b = softmax(Precision.FLOAT64);
        int[] shape = {2, 4};
        Tensor x = x(shape);
        Tensor p = x.zerosLike(shape);
        b.op().forward(new Tensor[] {x}, p, Mode.TRAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.loss().loss(new Tensor[] {x}, p, Targets.labels(new int[] {0, 4})));
        assertEquals("softmax: label 4 of example 1 is outside [0, 4); the model has 4 classes", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> b.loss().loss(new Tensor[] {x}, p, Targets.labels(new int[] {-1, 0})));
        e = assertThrows(IllegalArgumentException.class,
                () -> b.loss().loss(new Tensor[] {x}, p, Targets.values(x.zerosLike(shape))));
        assertEquals("softmax needs class labels as targets, but got real values", e.getMessage());
    }

    private static Tensor x(int[] shape) {
        return PointwiseOpFixture.tensor(Precision.FLOAT64, shape,
                PointwiseOpFixture.uniform(new Rng(9), Tensor.product(shape), -2, 2));
    }

    @Test
    void gradientOfTheLossMatchesFiniteDifferences() {
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 20, -3, 3);
        double err = PointwiseOpFixture.maxLossGradientError(softmax(Precision.FLOAT64), new int[] {5, 4}, x,
                labels(5));
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 24, -5, 5);
        PointwiseOpFixture.assertPrecisionsAgree(SoftmaxTest::softmax, new int[] {6, 4}, x, Mode.TRAIN, labels(6));
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(SoftmaxTest::softmax, new int[] {4}, Mode.TRAIN, SoftmaxTest::labels);
    }
}
