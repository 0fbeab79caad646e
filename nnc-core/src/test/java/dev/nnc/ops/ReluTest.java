package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReluTest {

    private static PointwiseOpFixture.Built relu(Precision p) {
        return PointwiseOpFixture.build("relu", p, Map.of(), new int[] {2, 3});
    }

    @Test
    void forwardClampsNegativesToZeroOnAnyRank() {
        int[] shape = {1, 2, 1, 3};
        Tensor y = PointwiseOpFixture.forward(relu(Precision.FLOAT64), shape,
                new double[] {-2, -0.5, 0, 0.5, 3, -1e-9}, Mode.TRAIN);
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 3, 0}, y.toDoubleArray());
    }

    @Test
    void backwardPassesGradientOnlyWherePositive() {
        PointwiseOpFixture.Built b = relu(Precision.FLOAT64);
        int[] shape = {1, 4};
        Tensor x = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, -1, 2, 0, 3);
        Tensor y = x.zerosLike(shape);
        Tensor dy = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, 10, 20, 30, 40);
        Tensor dx = x.zerosLike(shape);
        b.op().forward(new Tensor[] {x}, y, Mode.TRAIN);
        b.op().backward(new Tensor[] {x}, y, dy, new Tensor[] {dx});
        assertArrayEquals(new double[] {0, 20, 0, 40}, dx.toDoubleArray());
    }

    @Test
    void backwardIsExactAtTheExtremesOfBothPrecisions() {
        double[][] inputs = {
            {-Float.MAX_VALUE, -Float.MIN_VALUE, -0.0, 0.0, Float.MIN_VALUE, Float.MIN_NORMAL, 1, Float.MAX_VALUE},
            {-Double.MAX_VALUE, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 1,
                Double.MAX_VALUE}};
        Precision[] precisions = {Precision.FLOAT32, Precision.FLOAT64};
        for (int k = 0; k < 2; k++) {
            PointwiseOpFixture.Built b = relu(precisions[k]);
            int[] shape = {1, 8};
            Tensor x = PointwiseOpFixture.tensor(precisions[k], shape, inputs[k]);
            Tensor y = x.zerosLike(shape);
            Tensor dy = PointwiseOpFixture.tensor(precisions[k], shape, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5);
            Tensor dx = x.zerosLike(shape);
            b.op().forward(new Tensor[] {x}, y, Mode.TRAIN);
            b.op().backward(new Tensor[] {x}, y, dy, new Tensor[] {dx});
            assertArrayEquals(new double[] {0, 0, 0, 0, 5.5, 6.5, 7.5, 8.5}, dx.toDoubleArray(),
                    precisions[k].label());
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        int[] shape = {4, 2, 3};
        double[] x = PointwiseOpFixture.awayFromZero(new Rng(1), 24, 0.01, 2);
        double err = PointwiseOpFixture.maxGradientError(relu(Precision.FLOAT64), shape, x, Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 30, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(ReluTest::relu, new int[] {5, 2, 3}, x, Mode.TRAIN, null);
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(ReluTest::relu, new int[] {2, 3}, Mode.TRAIN, null);
    }
}
