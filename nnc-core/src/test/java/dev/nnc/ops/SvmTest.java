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

class SvmTest {

    private static PointwiseOpFixture.Built svm(Precision p) {
        return PointwiseOpFixture.build("svm", p, Map.of("margin", 1.0), new int[] {3});
    }

    private static Targets labels(int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = (2 * i + 1) % 3;
        }
        return Targets.labels(y);
    }

    @Test
    void forwardPassesScoresAndLossIsTheMeanHinge() {
        PointwiseOpFixture.Built b = svm(Precision.FLOAT64);
        int[] shape = {2, 3};
        Tensor s = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, 1, 2, 3, 3, 1, 2.5);
        Tensor out = s.zerosLike(shape);
        b.op().forward(new Tensor[] {s}, out, Mode.TRAIN);
        assertArrayEquals(s.toDoubleArray(), out.toDoubleArray());
        // Example 0, label 0: margins 2 - 1 + 1 = 2 and 3 - 1 + 1 = 3. Example 1, label 0: 1 - 3 + 1 < 0, and
        // 2.5 - 3 + 1 = 0.5. Mean (5 + 0.5)/2.
        double loss = b.loss().loss(new Tensor[] {s}, out, Targets.labels(new int[] {0, 0}));
        assertEquals(2.75, loss, 1e-15);
        Tensor ds = s.zerosLike(shape);
        b.op().backward(new Tensor[] {s}, out, null, new Tensor[] {ds});
        assertArrayEquals(new double[] {-1, 0.5, 0.5, -0.5, 0, 0.5}, ds.toDoubleArray(), 1e-15);
    }

    @Test
    void marginArgumentIsUsed() {
        PointwiseOpFixture.Built b = PointwiseOpFixture.build("svm", Precision.FLOAT64, Map.of("margin", 0.25),
                new int[] {2});
        int[] shape = {1, 2};
        Tensor s = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, 1, 1.5);
        Tensor out = s.zerosLike(shape);
        b.op().forward(new Tensor[] {s}, out, Mode.TRAIN);
        assertEquals(0.75, b.loss().loss(new Tensor[] {s}, out, Targets.labels(new int[] {0})), 1e-15);
        assertEquals(0.0, b.loss().loss(new Tensor[] {s}, out, Targets.labels(new int[] {1})), 1e-15);
    }

    @Test
    void labelOutsideTheClassesIsAClearError() {
        PointwiseOpFixture.Built b = svm(Precision.FLOAT64);
        int[] shape = {1, 3};
        Tensor s = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, 1, 2, 3);
        Tensor out = s.zerosLike(shape);
        b.op().forward(new Tensor[] {s}, out, Mode.TRAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.loss().loss(new Tensor[] {s}, out, Targets.labels(new int[] {3})));
        assertEquals("svm: label 3 of example 0 is outside [0, 3); the model has 3 classes", e.getMessage());
    }

    @Test
    void gradientOfTheLossMatchesFiniteDifferences() {
        int n = 6;
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 3 * n, -2, 2);
        Targets y = labels(n);
        // The hinge has a kink where a margin is 0; the check needs every margin well clear of it.
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                double m = x[3 * i + j] - x[3 * i + y.label(i)] + 1;
                assertTrue(j == y.label(i) || Math.abs(m) > 1e-3, "margin near the kink: " + m);
            }
        }
        double err = PointwiseOpFixture.maxLossGradientError(svm(Precision.FLOAT64), new int[] {n, 3}, x, y);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 18, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(SvmTest::svm, new int[] {6, 3}, x, Mode.TRAIN, labels(6));
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(SvmTest::svm, new int[] {3}, Mode.TRAIN, SvmTest::labels);
    }
}
