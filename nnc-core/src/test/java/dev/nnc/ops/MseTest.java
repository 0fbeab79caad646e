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

class MseTest {

    private static PointwiseOpFixture.Built mse(Precision p) {
        return PointwiseOpFixture.build("mse", p, Map.of(), new int[] {2});
    }

    private static Targets values(int n) {
        double[] t = PointwiseOpFixture.uniform(new Rng(40 + n), 2 * n, -1, 1);
        return Targets.values(PointwiseOpFixture.tensor(Precision.FLOAT64, new int[] {n, 2}, t));
    }

    @Test
    void forwardIsTheIdentityAndLossIsTheMeanSquare() {
        PointwiseOpFixture.Built b = mse(Precision.FLOAT64);
        int[] shape = {2, 2};
        Tensor y = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, 1, 2, 3, 4);
        Tensor out = y.zerosLike(shape);
        b.op().forward(new Tensor[] {y}, out, Mode.TRAIN);
        assertArrayEquals(y.toDoubleArray(), out.toDoubleArray());
        Targets t = Targets.values(PointwiseOpFixture.tensor(Precision.FLOAT32, shape, 1, 0, 5, 4));
        // Differences (0, 2, -2, 0): mean square 8/4, gradient 2·d/4.
        assertEquals(2.0, b.loss().loss(new Tensor[] {y}, out, t), 1e-15);
        Tensor dy = y.zerosLike(shape);
        b.op().backward(new Tensor[] {y}, out, null, new Tensor[] {dy});
        assertArrayEquals(new double[] {0, 1, -1, 0}, dy.toDoubleArray(), 1e-15);
    }

    @Test
    void mismatchedTargetsAreAClearError() {
        PointwiseOpFixture.Built b = mse(Precision.FLOAT64);
        int[] shape = {2, 2};
        Tensor y = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, 1, 2, 3, 4);
        Tensor out = y.zerosLike(shape);
        b.op().forward(new Tensor[] {y}, out, Mode.TRAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.loss().loss(new Tensor[] {y}, out, Targets.labels(new int[] {0, 1})));
        assertEquals("mse needs real-valued targets, but got class labels", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> b.loss().loss(new Tensor[] {y}, out,
                Targets.values(Tensor.zeros(Precision.FLOAT64, 2, 3))));
        assertEquals("mse: targets of shape float64[2, 3] do not match outputs of shape float64[2, 2]",
                e.getMessage());
    }

    @Test
    void gradientOfTheLossMatchesFiniteDifferences() {
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 10, -2, 2);
        double err = PointwiseOpFixture.maxLossGradientError(mse(Precision.FLOAT64), new int[] {5, 2}, x, values(5));
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 8, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(MseTest::mse, new int[] {4, 2}, x, Mode.TRAIN, values(4));
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(MseTest::mse, new int[] {2}, Mode.TRAIN, MseTest::values);
    }
}
