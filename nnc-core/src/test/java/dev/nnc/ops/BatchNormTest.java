package dev.nnc.ops;

import static dev.nnc.ops.PointwiseOpFixture.GRAD_TOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.ParamRole;
import dev.nnc.tensor.Precision;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchNormTest {

    /** batchnorm over {@code channels} channels of examples shaped {@code example}, CS231n's initial state. */
    private static PointwiseOpFixture.Built batchnorm(Precision p, double momentum, double eps, int[] example) {
        int c = example[0];
        return PointwiseOpFixture.build("batchnorm", p, Map.of("momentum", momentum, "eps", eps), example,
                new PointwiseOpFixture.Param("gamma", new int[] {c}, ParamRole.SCALE, 1),
                new PointwiseOpFixture.Param("beta", new int[] {c}, ParamRole.SCALE, 0),
                new PointwiseOpFixture.Param("running_mean", new int[] {c}, ParamRole.STATE, 0),
                new PointwiseOpFixture.Param("running_var", new int[] {c}, ParamRole.STATE, 1));
    }

    /** Random γ, β and running statistics, so that no parameter is at a value that hides a mistake. */
    private static PointwiseOpFixture.Built randomized(Precision p, int[] example) {
        PointwiseOpFixture.Built b = batchnorm(p, 0.9, 1e-5, example);
        Rng r = new Rng(5);
        int c = example[0];
        b.param("gamma").value().setFrom(PointwiseOpFixture.uniform(r, c, 0.5, 2));
        b.param("beta").value().setFrom(PointwiseOpFixture.uniform(r, c, -1, 1));
        b.param("running_mean").value().setFrom(PointwiseOpFixture.uniform(r, c, -1, 1));
        b.param("running_var").value().setFrom(PointwiseOpFixture.uniform(r, c, 0.5, 2));
        return b;
    }

    private static PointwiseOpFixture.Built perFeature(Precision p) {
        return randomized(p, new int[] {3});
    }

    private static PointwiseOpFixture.Built perChannel(Precision p) {
        return randomized(p, new int[] {2, 2, 3});
    }

    @Test
    void trainNormalizesEachFeatureWithBatchStatistics() {
        PointwiseOpFixture.Built b = batchnorm(Precision.FLOAT64, 0.9, 0.0, new int[] {2});
        b.param("gamma").value().setFrom(new double[] {2, 3});
        b.param("beta").value().setFrom(new double[] {0.5, -1});
        // Feature 0: {1, 3}, μ = 2, σ² = 1; feature 1: {2, 6}, μ = 4, σ² = 4. So x̂ = ±1.
        Tensor y = PointwiseOpFixture.forward(b, new int[] {2, 2}, new double[] {1, 2, 3, 6}, Mode.TRAIN);
        assertArrayEquals(new double[] {-1.5, -4, 2.5, 2}, y.toDoubleArray(), 1e-12);
    }

    @Test
    void trainNormalizesEachChannelOverBatchAndSpace() {
        PointwiseOpFixture.Built b = batchnorm(Precision.FLOAT64, 0.9, 0.0, new int[] {2, 1, 2});
        // Channel 0 holds {1, 3 | 5, 7}: μ = 4, σ² = 5. Channel 1 holds {10, 20 | 30, 60}: μ = 30, σ² = 350.
        Tensor y = PointwiseOpFixture.forward(b, new int[] {2, 2, 1, 2},
                new double[] {1, 3, 10, 20, 5, 7, 30, 60}, Mode.TRAIN);
        double s0 = Math.sqrt(5);
        double s1 = Math.sqrt(350);
        assertArrayEquals(new double[] {-3 / s0, -1 / s0, -20 / s1, -10 / s1, 1 / s0, 3 / s0, 0, 30 / s1},
                y.toDoubleArray(), 1e-12);
    }

    @Test
    void runningStatisticsFollowTheMomentumFormula() {
        PointwiseOpFixture.Built b = batchnorm(Precision.FLOAT64, 0.9, 1e-5, new int[] {1});
        // Three batches with (μ, σ²) = (2, 1), (2, 4), (5, 0), starting from running (0, 1).
        double[][] batches = {{1, 3}, {0, 4}, {5, 5}};
        for (double[] batch : batches) {
            PointwiseOpFixture.forward(b, new int[] {2, 1}, batch, Mode.TRAIN);
        }
        double mean = 0.9 * (0.9 * (0.9 * 0 + 0.1 * 2) + 0.1 * 2) + 0.1 * 5;
        double var = 0.9 * (0.9 * (0.9 * 1 + 0.1 * 1) + 0.1 * 4) + 0.1 * 0;
        assertArrayEquals(new double[] {mean}, b.param("running_mean").value().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {var}, b.param("running_var").value().toDoubleArray(), 1e-15);
    }

    @Test
    void inferUsesRunningStatisticsAndLeavesThemAlone() {
        PointwiseOpFixture.Built b = batchnorm(Precision.FLOAT64, 0.9, 0.0, new int[] {2});
        b.param("gamma").value().setFrom(new double[] {2, 1});
        b.param("beta").value().setFrom(new double[] {1, 0});
        b.param("running_mean").value().setFrom(new double[] {1, -2});
        b.param("running_var").value().setFrom(new double[] {4, 0.25});
        Tensor y = PointwiseOpFixture.forward(b, new int[] {2, 2}, new double[] {3, -2, 5, -1}, Mode.INFER);
        // (3 - 1)/2 · 2 + 1 = 3, (-2 + 2)/0.5 = 0, (5 - 1)/2 · 2 + 1 = 5, (-1 + 2)/0.5 = 2.
        assertArrayEquals(new double[] {3, 0, 5, 2}, y.toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, -2}, b.param("running_mean").value().toDoubleArray());
        assertArrayEquals(new double[] {4, 0.25}, b.param("running_var").value().toDoubleArray());
        // A single example in INFER is normalized by the running statistics, not collapsed to β.
        Tensor one = PointwiseOpFixture.forward(b, new int[] {1, 2}, new double[] {3, -2}, Mode.INFER);
        assertArrayEquals(new double[] {3, 0}, one.toDoubleArray(), 1e-12);
    }

    @Test
    void trainOutputDoesNotDependOnRunningStatistics() {
        PointwiseOpFixture.Built a = perFeature(Precision.FLOAT64);
        PointwiseOpFixture.Built b = perFeature(Precision.FLOAT64);
        b.param("running_mean").value().fill(100);
        b.param("running_var").value().fill(50);
        double[] x = PointwiseOpFixture.uniform(new Rng(3), 12, -2, 2);
        assertArrayEquals(PointwiseOpFixture.forward(a, new int[] {4, 3}, x, Mode.TRAIN).toDoubleArray(),
                PointwiseOpFixture.forward(b, new int[] {4, 3}, x, Mode.TRAIN).toDoubleArray(), 1e-15);
    }

    @Test
    void stateParametersHaveNoGradient() {
        PointwiseOpFixture.Built b = perFeature(Precision.FLOAT64);
        assertNull(b.param("running_mean").grad());
        assertNull(b.param("running_var").grad());
    }

    @Test
    void gradientMatchesFiniteDifferencesPerFeature() {
        double[] x = PointwiseOpFixture.uniform(new Rng(1), 15, -2, 2);
        double err = PointwiseOpFixture.maxGradientError(perFeature(Precision.FLOAT64), new int[] {5, 3}, x,
                Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void gradientMatchesFiniteDifferencesPerChannel() {
        double[] x = PointwiseOpFixture.uniform(new Rng(2), 36, -2, 2);
        double err = PointwiseOpFixture.maxGradientError(perChannel(Precision.FLOAT64), new int[] {3, 2, 2, 3}, x,
                Mode.TRAIN);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void gradientMatchesFiniteDifferencesInInferMode() {
        double[] x = PointwiseOpFixture.uniform(new Rng(3), 36, -2, 2);
        double err = PointwiseOpFixture.maxGradientError(perChannel(Precision.FLOAT64), new int[] {3, 2, 2, 3}, x,
                Mode.INFER);
        assertTrue(err < GRAD_TOL, "relative error " + err);
    }

    @Test
    void parameterGradientsAreWrittenWhenTheInputNeedsNone() {
        PointwiseOpFixture.Built b = perFeature(Precision.FLOAT64);
        int[] shape = {4, 3};
        Tensor x = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, PointwiseOpFixture.uniform(new Rng(4), 12,
                -2, 2));
        Tensor y = x.zerosLike(shape);
        Tensor g = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, PointwiseOpFixture.uniform(new Rng(5), 12,
                -1, 1));
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
        double[] x = PointwiseOpFixture.uniform(new Rng(6), 36, -3, 3);
        PointwiseOpFixture.assertPrecisionsAgree(BatchNormTest::perChannel, new int[] {3, 2, 2, 3}, x, Mode.TRAIN,
                null);
        PointwiseOpFixture.assertPrecisionsAgree(BatchNormTest::perFeature, new int[] {12, 3}, x, Mode.INFER, null);
        PointwiseOpFixture.assertPrecisionsAgree(BatchNormTest::perFeature, new int[] {12, 3}, x, Mode.TRAIN, null);
        PointwiseOpFixture.assertPrecisionsAgree(BatchNormTest::perChannel, new int[] {3, 2, 2, 3}, x, Mode.INFER,
                null);
    }

    @Test
    void batchSizeMayChangeBetweenCalls() {
        PointwiseOpFixture.assertBatchResizing(BatchNormTest::perFeature, new int[] {3}, Mode.TRAIN, null);
        PointwiseOpFixture.assertBatchResizing(BatchNormTest::perChannel, new int[] {2, 2, 3}, Mode.TRAIN, null);
        PointwiseOpFixture.assertBatchResizing(BatchNormTest::perChannel, new int[] {2, 2, 3}, Mode.INFER, null);
    }
}
