package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.ParamRole;
import dev.nnc.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayerNormTest {

    private static PointwiseOpFixture.Built layernorm(Precision p, double eps, int[] example) {
        int d = Tensor.product(example);
        return PointwiseOpFixture.build("layernorm", p, Map.of("eps", eps), example,
                new PointwiseOpFixture.Param("gamma", new int[] {d}, ParamRole.SCALE, 1),
                new PointwiseOpFixture.Param("beta", new int[] {d}, ParamRole.SCALE, 0));
    }

    /** Examples shaped (2, 3), so D = 6 spans more than one dim; γ and β random. */
    private static PointwiseOpFixture.Built randomized(Precision p) {
        PointwiseOpFixture.Built b = layernorm(p, 1e-5, new int[] {2, 3});
        Rng r = new Rng(5);
        b.param("gamma").value().setFrom(PointwiseOpFixture.uniform(r, 6, 0.5, 2));
        b.param("beta").value().setFrom(PointwiseOpFixture.uniform(r, 6, -1, 1));
        return b;
    }

    @Test
    void forwardNormalizesEachExampleOverItsFeatures() {
        PointwiseOpFixture.Built b = layernorm(Precision.FLOAT64, 0.0, new int[] {2});
        b.param("gamma").value().setFrom(new double[] {2, 3});
        b.param("beta").value().setFrom(new double[] {1, 0});
        // Example 0: {1, 3}, μ = 2, σ² = 1; example 1: {2, 10}, μ = 6, σ² = 16. Both give x̂ = (-1, 1).
        Tensor y = PointwiseOpFixture.forward(b, new int[] {2, 2}, new double[] {1, 3, 2, 10}, Mode.TRAIN);
        assertArrayEquals(new double[] {-1, 3, -1, 3}, y.toDoubleArray(), 1e-12);
    }

    @Test
    void trainAndInferAgree() {
        double[] x = PointwiseOpFixture.uniform(new Rng(3), 24, -2, 2);
        int[] shape = {4, 2, 3};
        assertArrayEquals(PointwiseOpFixture.forward(randomized(Precision.FLOAT64), shape, x, Mode.TRAIN)
                        .toDoubleArray(),
                PointwiseOpFixture.forward(randomized(Precision.FLOAT64), shape, x, Mode.INFER).toDoubleArray());
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 24, -2, 2);
        double err = PointwiseOpFixture.maxGradientError(randomized(Precision.FLOAT64), new int[] {4, 2, 3}, x,
                Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void parameterGradientsAreWrittenWhenTheInputNeedsNone() {
        PointwiseOpFixture.Built b = randomized(Precision.FLOAT64);
        int[] shape = {3, 2, 3};
        Tensor x = PointwiseOpFixture.tensor(Precision.FLOAT64, shape,
                PointwiseOpFixture.uniform(new Rng(4), 18, -2, 2));
        Tensor y = x.zerosLike(shape);
        Tensor g = PointwiseOpFixture.tensor(Precision.FLOAT64, shape,
                PointwiseOpFixture.uniform(new Rng(5), 18, -1, 1));
        b.op().forward(new Tensor[] {x}, y, Mode.TRAIN);
        b.op().backward(new Tensor[] {x}, y, g, new Tensor[] {x.zerosLike(shape)});
        double[] dGamma = b.param("gamma").grad().toDoubleArray();
        double[] dBeta = b.param("beta").grad().toDoubleArray();
        b.param("gamma").grad().fill(0);
        b.param("beta").grad().fill(0);
        b.op().backward(new Tensor[] {x}, y, g, new Tensor[] {null});
        assertArrayEquals(dGamma, b.param("gamma").grad().toDoubleArray());
        assertArrayEquals(dBeta, b.param("beta").grad().toDoubleArray());
    }

    @Test
    void float32AgreesWithFloat64() {
        double[] x = PointwiseOpFixture.uniform(new Rng(6), 30, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(LayerNormTest::randomized, new int[] {5, 2, 3}, x, Mode.TRAIN,
                null);
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(LayerNormTest::randomized, new int[] {2, 3}, Mode.TRAIN, null);
    }
}
