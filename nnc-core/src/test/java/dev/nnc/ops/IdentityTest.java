package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityTest {

    private static PointwiseOpFixture.Built identity(Precision p) {
        return PointwiseOpFixture.build("identity", p, Map.of(), new int[] {3});
    }

    @Test
    void forwardCopiesItsInput() {
        Tensor y = PointwiseOpFixture.forward(identity(Precision.FLOAT64), new int[] {2, 3},
                new double[] {-1, 0, 2.5, 7, -3, 1e-300}, Mode.TRAIN);
        assertArrayEquals(new double[] {-1, 0, 2.5, 7, -3, 1e-300}, y.toDoubleArray());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 12, -2, 2);
        double err = PointwiseOpFixture.maxGradientError(identity(Precision.FLOAT64), new int[] {4, 3}, x,
                Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 12, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(IdentityTest::identity, new int[] {4, 3}, x, Mode.INFER, null);
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(IdentityTest::identity, new int[] {3}, Mode.TRAIN, null);
    }
}
