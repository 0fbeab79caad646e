package dev.nnc.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepTest {

    private static PointwiseOpFixture.Built step(Precision p) {
        return PointwiseOpFixture.build("step", p, Map.of(), new int[] {2, 3});
    }

    @Test
    void forwardIsOneForPositiveInputsOnly() {
        Tensor y = PointwiseOpFixture.forward(step(Precision.FLOAT64), new int[] {1, 6},
                new double[] {-2, -1e-9, 0, 1e-9, 0.3, 5}, Mode.INFER);
        assertArrayEquals(new double[] {0, 0, 0, 1, 1, 1}, y.toDoubleArray());
    }

    @Test
    void nanStaysNan() {
        Tensor y = PointwiseOpFixture.forward(step(Precision.FLOAT64), new int[] {1, 1}, new double[] {Double.NaN},
                Mode.INFER);
        assertTrue(Double.isNaN(y.get(0)));
    }

    /**
     * The derivative is 0 wherever it exists (away from 0): centred differences of sum(y · dy) in float64 are
     * 0 there, and backward writes exactly that, over a gradient buffer that held garbage.
     */
    @Test
    void gradientMatchesFiniteDifferencesAwayFromZero() {
        int[] shape = {4, 6};
        double[] x = PointwiseOpFixture.awayFromZero(new Rng(3), 24, 0.01, 2);
        double[] dyv = PointwiseOpFixture.uniform(new Rng(5), 24, -1, 1);
        PointwiseOpFixture.Built b = step(Precision.FLOAT64);
        Tensor dy = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, dyv);
        double h = 1e-5;
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += h;
            down[i] -= h;
            double numeric = (PointwiseOpFixture.dot(PointwiseOpFixture.forward(b, shape, up, Mode.TRAIN), dy)
                    - PointwiseOpFixture.dot(PointwiseOpFixture.forward(b, shape, down, Mode.TRAIN), dy)) / (2 * h);
            assertEquals(0.0, numeric, "numeric derivative at element " + i);
        }
        Tensor in = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, x);
        Tensor y = in.zerosLike(shape);
        Tensor dx = in.zerosLike(shape);
        dx.fill(7.0);
        b.op().forward(new Tensor[] {in}, y, Mode.TRAIN);
        b.op().backward(new Tensor[] {in}, y, dy, new Tensor[] {dx});
        assertArrayEquals(new double[24], dx.toDoubleArray());
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.awayFromZero(new Rng(4), 30, 0.01, 3);
        PointwiseOpFixture.assertPrecisionsAgree(StepTest::step, new int[] {5, 2, 3}, x, Mode.TRAIN, null);
    }
}
