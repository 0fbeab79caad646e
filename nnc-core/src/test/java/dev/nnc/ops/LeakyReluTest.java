package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeakyReluTest {

    private static PointwiseOpFixture.Built leaky(Precision p) {
        return PointwiseOpFixture.build("leakyRelu", p, Map.of("alpha", 0.1), new int[] {4});
    }

    @Test
    void forwardScalesNegativesByAlpha() {
        Tensor y = PointwiseOpFixture.forward(leaky(Precision.FLOAT64), new int[] {1, 4},
                new double[] {-2, -0.5, 0.5, 3}, Mode.INFER);
        assertArrayEquals(new double[] {-0.2, -0.05, 0.5, 3}, y.toDoubleArray(), 1e-15);
    }

    @Test
    void alphaGivenAsAnIntegerIsAccepted() {
        PointwiseOpFixture.Built b = PointwiseOpFixture.build("leakyRelu", Precision.FLOAT64, Map.of("alpha", 2),
                new int[] {2});
        Tensor y = PointwiseOpFixture.forward(b, new int[] {1, 2}, new double[] {-1, 1}, Mode.TRAIN);
        assertArrayEquals(new double[] {-2, 1}, y.toDoubleArray());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] x = PointwiseOpFixture.awayFromZero(new Rng(1), 20, 0.01, 2);
        double err = PointwiseOpFixture.maxGradientError(leaky(Precision.FLOAT64), new int[] {5, 4}, x, Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 12, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(LeakyReluTest::leaky, new int[] {3, 4}, x, Mode.TRAIN, null);
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(LeakyReluTest::leaky, new int[] {4}, Mode.TRAIN, null);
    }
}
