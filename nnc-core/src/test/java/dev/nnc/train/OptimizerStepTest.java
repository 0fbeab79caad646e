package dev.nnc.train;

import static dev.nnc.train.OptimizerTestSupport.spec;
import static dev.nnc.train.OptimizerTestSupport.weight;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ops.Parameter;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.tensor.Precision;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each optimizer against steps worked out by hand. The weights start at {@code w0} and see the gradients
 * {@code G1}, {@code G2}, {@code G3}; the expected values below are the formulas of the class comment
 * evaluated element by element.
 */
class OptimizerStepTest {

    private static final double[] W0 = {1.0, -2.0, 0.5};
    private static final double[] G1 = {0.5, -1.0, 2.0};
    private static final double[] G2 = {-0.25, 0.5, 1.0};
    private static final double[] G3 = {1.0, 0.0, -0.5};
    private static final double TOL = 1e-12;

    /** Runs the optimizer on W0 for the given gradients and returns the weights after each step. */
    private static double[][] run(OptimizerSpec spec, Precision precision, double[]... grads) {
        Parameter w = weight("affine_1.W", precision, W0);
        Optimizer opt = Optimizers.create(spec, List.of(w));
        double[][] out = new double[grads.length][];
        for (int s = 0; s < grads.length; s++) {
            w.grad().setFrom(grads[s]);
            opt.step();
            out[s] = w.value().toDoubleArray();
        }
        return out;
    }

    @Test
    void sgd() {
        double[][] w = run(spec("sgd"), Precision.FLOAT64, G1, G2);
        // w1 = w0 - 0.1 * G1 = [1 - 0.05, -2 + 0.1, 0.5 - 0.2]
        assertArrayEquals(new double[] {0.95, -1.9, 0.3}, w[0], TOL);
        // w2 = w1 - 0.1 * G2 = [0.95 + 0.025, -1.9 - 0.05, 0.3 - 0.1]
        assertArrayEquals(new double[] {0.975, -1.95, 0.2}, w[1], TOL);
    }

    @Test
    void momentum() {
        double[][] w = run(spec("momentum"), Precision.FLOAT64, G1, G2, G3);
        // v1 = -0.1 * G1 = [-0.05, 0.1, -0.2]
        assertArrayEquals(new double[] {0.95, -1.9, 0.3}, w[0], TOL);
        // v2 = 0.9 * v1 - 0.1 * G2 = [-0.045 + 0.025, 0.09 - 0.05, -0.18 - 0.1] = [-0.02, 0.04, -0.28]
        assertArrayEquals(new double[] {0.93, -1.86, 0.02}, w[1], TOL);
        // v3 = 0.9 * v2 - 0.1 * G3 = [-0.018 - 0.1, 0.036 - 0, -0.252 + 0.05] = [-0.118, 0.036, -0.202]
        assertArrayEquals(new double[] {0.812, -1.824, -0.182}, w[2], TOL);
    }

    @Test
    void nesterov() {
        double[][] w = run(spec("nesterov"), Precision.FLOAT64, G1, G2);
        // v_prev = 0, v1 = [-0.05, 0.1, -0.2]; w += 1.9 * v1 = [-0.095, 0.19, -0.38]
        assertArrayEquals(new double[] {0.905, -1.81, 0.12}, w[0], TOL);
        // v_prev = v1, v2 = [-0.02, 0.04, -0.28]; w += -0.9 * v1 + 1.9 * v2
        //   = [0.045 - 0.038, -0.09 + 0.076, 0.18 - 0.532] = [0.007, -0.014, -0.352]
        assertArrayEquals(new double[] {0.912, -1.824, -0.232}, w[1], TOL);
    }

    @Test
    void adagrad() {
        double[][] w = run(spec("adagrad"), Precision.FLOAT64, G1, G2);
        // c1 = G1^2 = [0.25, 1, 4], sqrt(c1) + eps = [1.5, 2, 3]
        double[] w1 = {1 - 0.1 * 0.5 / 1.5, -2 + 0.1 * 1.0 / 2, 0.5 - 0.1 * 2.0 / 3};
        assertArrayEquals(w1, w[0], TOL);
        // c2 = c1 + G2^2 = [0.3125, 1.25, 5]
        double[] w2 = {
            w1[0] + 0.1 * 0.25 / (Math.sqrt(0.3125) + 1),
            w1[1] - 0.1 * 0.5 / (Math.sqrt(1.25) + 1),
            w1[2] - 0.1 * 1.0 / (Math.sqrt(5) + 1)};
        assertArrayEquals(w2, w[1], TOL);
    }

    @Test
    void rmsprop() {
        double[][] w = run(spec("rmsprop"), Precision.FLOAT64, G1, G2);
        // c1 = 0.1 * G1^2 = [0.025, 0.1, 0.4]
        double[] w1 = {
            1 - 0.1 * 0.5 / (Math.sqrt(0.025) + 1),
            -2 + 0.1 * 1.0 / (Math.sqrt(0.1) + 1),
            0.5 - 0.1 * 2.0 / (Math.sqrt(0.4) + 1)};
        assertArrayEquals(w1, w[0], TOL);
        // c2 = 0.9 * c1 + 0.1 * G2^2 = [0.0225 + 0.00625, 0.09 + 0.025, 0.36 + 0.1] = [0.02875, 0.115, 0.46]
        double[] w2 = {
            w1[0] + 0.1 * 0.25 / (Math.sqrt(0.02875) + 1),
            w1[1] - 0.1 * 0.5 / (Math.sqrt(0.115) + 1),
            w1[2] - 0.1 * 1.0 / (Math.sqrt(0.46) + 1)};
        assertArrayEquals(w2, w[1], TOL);
    }

    @Test
    void adam() {
        double[][] w = run(spec("adam"), Precision.FLOAT64, G1, G2);
        double eps = 1e-8;
        // t = 1: m = 0.1 G1, v = 0.001 G1^2; m_hat = G1, v_hat = G1^2, so each step is 0.1 G1 / (|G1| + eps)
        double[] w1 = {1 - 0.1 * 0.5 / (0.5 + eps), -2 + 0.1 * 1.0 / (1.0 + eps), 0.5 - 0.1 * 2.0 / (2.0 + eps)};
        assertArrayEquals(w1, w[0], TOL);
        // t = 2: m = 0.09 G1 + 0.1 G2, v = 0.000999 G1^2 + 0.001 G2^2, m_hat = m / 0.19, v_hat = v / 0.001999
        double[] m = {0.09 * 0.5 - 0.1 * 0.25, -0.09 * 1.0 + 0.1 * 0.5, 0.09 * 2.0 + 0.1 * 1.0};
        double[] v = {0.000999 * 0.25 + 0.001 * 0.0625, 0.000999 * 1.0 + 0.001 * 0.25, 0.000999 * 4.0 + 0.001 * 1.0};
        double[] w2 = new double[3];
        for (int i = 0; i < 3; i++) {
            w2[i] = w1[i] - 0.1 * (m[i] / 0.19) / (Math.sqrt(v[i] / 0.001999) + eps);
        }
        assertArrayEquals(w2, w[1], 1e-10);
    }

    @Test
    void adamwDecaysTheWeightsApartFromTheGradient() {
        double[][] w = run(spec("adamw"), Precision.FLOAT64, G1, G2);
        double eps = 1e-8;
        // step 1: w *= 1 - lr * weightDecay = 1 - 0.1 * 0.5 = 0.95, then adam's first step 0.1 G1 / (|G1| + eps)
        double[] w1 = {
            0.95 * 1 - 0.1 * 0.5 / (0.5 + eps),
            0.95 * -2 + 0.1 * 1.0 / (1.0 + eps),
            0.95 * 0.5 - 0.1 * 2.0 / (2.0 + eps)};
        // = [0.85, -1.8, 0.375] up to eps
        assertArrayEquals(new double[] {0.85, -1.8, 0.375}, w1, 1e-7);
        assertArrayEquals(w1, w[0], TOL);
        // step 2: the same moments as adam's (the decay never enters m or v), applied to 0.95 * w1
        double[] m = {0.09 * 0.5 - 0.1 * 0.25, -0.09 * 1.0 + 0.1 * 0.5, 0.09 * 2.0 + 0.1 * 1.0};
        double[] v = {0.000999 * 0.25 + 0.001 * 0.0625, 0.000999 * 1.0 + 0.001 * 0.25, 0.000999 * 4.0 + 0.001 * 1.0};
        double[] w2 = new double[3];
        for (int i = 0; i < 3; i++) {
            w2[i] = 0.95 * w1[i] - 0.1 * (m[i] / 0.19) / (Math.sqrt(v[i] / 0.001999) + eps);
        }
        assertArrayEquals(w2, w[1], 1e-10);
    }

    @Test
    void adamwLeavesBiasesAndNormParametersUndecayedAndFollowsTheScheduledRate() {
        Parameter weight = weight("affine_1.W", Precision.FLOAT64, 1.0);
        Parameter bias = OptimizerTestSupport.param("affine_1.b", dev.nnc.graph.ParamRole.BIAS, Precision.FLOAT64,
                new double[] {1.0}, 1);
        Parameter gamma = OptimizerTestSupport.param("batchnorm_1.gamma", dev.nnc.graph.ParamRole.SCALE,
                Precision.FLOAT64, new double[] {1.0}, 1);
        Optimizer opt = Optimizers.create(spec("adamw"), List.of(weight, bias, gamma));
        opt.setLearningRate(0.2);
        // zero gradients: adam's step is 0 / (0 + eps) = 0, so only the decay moves anything
        opt.step();
        assertEquals(1 - 0.2 * 0.5, weight.value().get(0), 0.0);
        assertEquals(1.0, bias.value().get(0), 0.0);
        assertEquals(1.0, gamma.value().get(0), 0.0);
    }

    @Test
    void adamWithoutDecayIsAdamwWithZeroDecay() {
        OptimizerSpec zero = spec("adamw").with("weightDecay", 0.0);
        for (Precision p : Precision.values()) {
            double[][] a = run(spec("adam"), p, G1, G2, G3);
            double[][] b = run(zero, p, G1, G2, G3);
            for (int s = 0; s < 3; s++) {
                assertArrayEquals(a[s], b[s], 0.0, p + " step " + s);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.nnc.train.Optimizers#names")
    void float32AgreesWithFloat64(String name) {
        double[][] w64 = run(spec(name), Precision.FLOAT64, G1, G2, G3);
        double[][] w32 = run(spec(name), Precision.FLOAT32, G1, G2, G3);
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < 3; i++) {
                assertEquals(w64[s][i], w32[s][i], 1e-6 * Math.max(1, Math.abs(w64[s][i])), name + " step " + s);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void stepsOnlyTrainableParametersWithGradients(Precision precision) {
        Parameter trained = weight("affine_1.W", precision, W0);
        Parameter running = OptimizerTestSupport.param("batchnorm_1.running_mean", dev.nnc.graph.ParamRole.STATE,
                precision, new double[] {3, 4}, 2);
        Parameter noGrad = new Parameter(trained.spec(), weight("x", precision, 7, 8, 9).value(), null);
        Optimizer opt = Optimizers.create(spec("adam"), List.of(running, trained, noGrad));
        trained.grad().setFrom(G1);
        opt.step();
        opt.step();
        assertArrayEquals(new double[] {3, 4}, running.value().toDoubleArray());
        assertArrayEquals(new double[] {7, 8, 9}, noGrad.value().toDoubleArray());
        assertTrue(trained.value().get(0) < W0[0]);
        assertEquals(List.of("opt.m/affine_1.W", "opt.v/affine_1.W"), List.copyOf(opt.exportState().tensors().keySet()));
    }

    @Test
    void learningRateIsSettableAndReportedInTheSpec() {
        Parameter w = weight("affine_1.W", Precision.FLOAT64, W0);
        Optimizer opt = Optimizers.create(spec("sgd"), List.of(w));
        opt.setLearningRate(0.01);
        w.grad().setFrom(G1);
        opt.step();
        assertArrayEquals(new double[] {0.995, -1.99, 0.48}, w.value().toDoubleArray(), TOL);
        assertEquals(0.01, opt.learningRate());
        assertEquals(0.01, opt.spec().lr());
        assertEquals("sgd", opt.spec().name());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.create(new OptimizerSpec("lamb", Map.of("lr", 1.0)), List.of()));
        assertEquals("unknown optimizer 'lamb'; known: sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw",
                e.getMessage());
    }

    @Test
    void hyperparametersAreChecked() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.create(spec("momentum").with("mu", 1.5), List.of()));
        assertEquals("optimizer momentum: mu = 1.5 is outside [0.0, 1.0)", e.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.create(new OptimizerSpec("adam", Map.of("lr", 1e-3)), List.of()));
        assertEquals("optimizer adam has no hyperparameter beta1", missing.getMessage());
    }
}
