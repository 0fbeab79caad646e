package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TanhTest {

    private static PointwiseOpFixture.Built tanh(Precision p) {
        return PointwiseOpFixture.build("tanh", p, Map.of(), new int[] {2, 2});
    }

    @Test
    void forwardAtKnownPoints() {
        // tanh(ln(3)/2) = (3 - 1)/(3 + 1) = 1/2.
        double a = Math.log(3) / 2;
        Tensor y = PointwiseOpFixture.forward(tanh(Precision.FLOAT64), new int[] {1, 2, 2},
                new double[] {0, a, -a, 1000}, Mode.TRAIN);
        assertArrayEquals(new double[] {0, 0.5, -0.5, 1}, y.toDoubleArray(), 1e-15);
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 20, -2, 2);
        double err = PointwiseOpFixture.maxGradientError(tanh(Precision.FLOAT64), new int[] {5, 2, 2}, x,
                Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 12, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(TanhTest::tanh, new int[] {3, 2, 2}, x, Mode.TRAIN, null);
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(TanhTest::tanh, new int[] {2, 2}, Mode.TRAIN, null);
    }
}
