package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigmoidTest {

    private static PointwiseOpFixture.Built sigmoid(Precision p) {
        return PointwiseOpFixture.build("sigmoid", p, Map.of(), new int[] {3});
    }

    @Test
    void forwardAtKnownPoints() {
        // σ(ln 3) = 3/4 and σ(-ln 3) = 1/4.
        Tensor y = PointwiseOpFixture.forward(sigmoid(Precision.FLOAT64), new int[] {1, 3},
                new double[] {0, Math.log(3), -Math.log(3)}, Mode.TRAIN);
        assertArrayEquals(new double[] {0.5, 0.75, 0.25}, y.toDoubleArray(), 1e-15);
    }

    @Test
    void largeInputsSaturateWithoutOverflow() {
        Tensor y = PointwiseOpFixture.forward(sigmoid(Precision.FLOAT64), new int[] {2, 3},
                new double[] {1000, -1000, 710, -710, 40, -40}, Mode.TRAIN);
        assertArrayEquals(new double[] {1, 0, 1, 0}, Arrays.copyOf(y.toDoubleArray(), 4), 1e-300);
        // e^-40 / (1 + e^-40) is still representable and must not be flushed to 0 by 1 - σ(40).
        assertEquals(Math.exp(-40), y.get(5), 1e-30);
        Tensor f = PointwiseOpFixture.forward(sigmoid(Precision.FLOAT32), new int[] {1, 3},
                new double[] {1e30, -1e30, -100}, Mode.TRAIN);
        for (double v : f.toDoubleArray()) {
            assertTrue(Double.isFinite(v), "finite: " + v);
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 18, -4, 4);
        double err = PointwiseOpFixture.maxGradientError(sigmoid(Precision.FLOAT64), new int[] {6, 3}, x,
                Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 12, -6, 6);
        PointwiseOpFixture.assertPrecisionsAgree(SigmoidTest::sigmoid, new int[] {4, 3}, x, Mode.TRAIN, null);
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(SigmoidTest::sigmoid, new int[] {3}, Mode.TRAIN, null);
    }
}
