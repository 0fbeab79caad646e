package dev.nnc.ops;

import static dev.nnc.ops.LinearOpsTestKit.opCase;
import static dev.nnc.ops.LinearOpsTestKit.spec;
import static dev.nnc.ops.LinearOpsTestKit.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Init;
import dev.nnc.graph.ParamRole;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.ops.LinearOpsTestKit.OpCase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AffineTest {

    /** (N, 3) → (N, 2) with bias. */
    private static OpCase vector() {
        return opCase("affine", Map.of("units", 2, "init", Init.HE, "bias", true), Shape.of(2),
                List.of(spec("affine", "W", ParamRole.WEIGHT, 3, 2), spec("affine", "b", ParamRole.BIAS, 2)),
                new int[] {3});
    }

    /** (N, 2, 3, 2) flattened to (N, 12) → (N, 4), no bias. */
    private static OpCase image() {
        return opCase("affine", Map.of("units", 4, "init", Init.HE, "bias", false), Shape.of(4),
                List.of(spec("affine", "W", ParamRole.WEIGHT, 12, 4)), new int[] {2, 3, 2});
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void forwardMatchesHandComputedProduct(Precision p) {
        OpCase c = vector();
        List<Parameter> params = List.of(
                new Parameter(c.node().params().get(0), tensor(p, new int[] {3, 2}, 1, 0, 0, 1, 1, 1),
                        Tensor.zeros(p, 3, 2)),
                new Parameter(c.node().params().get(1), tensor(p, new int[] {2}, 0.5, -1), Tensor.zeros(p, 2)));
        Tensor x = tensor(p, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor out = Tensor.zeros(p, 2, 2);
        c.create(params, p).forward(new Tensor[] {x}, out, Mode.INFER);
        // x·W = [[1 + 3, 2 + 3], [4 + 6, 5 + 6]], plus b = (0.5, -1)
        assertArrayEquals(new double[] {4.5, 4, 10.5, 10}, out.toDoubleArray(), 1e-6);
    }

    @Test
    void backwardMatchesHandComputedGradients() {
        Precision p = Precision.FLOAT64;
        OpCase c = vector();
        Parameter w = new Parameter(c.node().params().get(0), tensor(p, new int[] {3, 2}, 1, 0, 0, 1, 1, 1),
                Tensor.zeros(p, 3, 2));
        Parameter b = new Parameter(c.node().params().get(1), tensor(p, new int[] {2}, 0.5, -1), Tensor.zeros(p, 2));
        Tensor x = tensor(p, new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor out = Tensor.zeros(p, 2, 2);
        Tensor dout = tensor(p, new int[] {2, 2}, 1, 0, 0, 2);
        Tensor dx = Tensor.zeros(p, 2, 3);
        Operator op = c.create(List.of(w, b), p);
        op.forward(new Tensor[] {x}, out, Mode.TRAIN);
        op.backward(new Tensor[] {x}, out, dout, new Tensor[] {dx});
        // dx = dout·Wᵀ: row 0 = W[:, 0] = (1, 0, 1), row 1 = 2·W[:, 1] = (0, 2, 2)
        assertArrayEquals(new double[] {1, 0, 1, 0, 2, 2}, dx.toDoubleArray(), 1e-12);
        // dW = xᵀ·dout: column 0 = x row 0, column 1 = 2·x row 1
        assertArrayEquals(new double[] {1, 8, 2, 10, 3, 12}, w.grad().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {1, 2}, b.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        LinearOpsTestKit.assertGradients(vector(), 4, 11);
        LinearOpsTestKit.assertGradients(image(), 3, 12);
    }

    @Test
    void skipsTheInputGradientWhenNobodyNeedsIt() {
        OpCase c = image();
        Rng rng = new Rng(5);
        List<Parameter> params = c.randomParams(rng);
        Tensor[] x = c.randomInputs(Precision.FLOAT64, rng, 3);
        Tensor out = Tensor.zeros(Precision.FLOAT64, c.outputShape(3));
        Tensor g = LinearOpsTestKit.random(Precision.FLOAT64, rng, c.outputShape(3));
        Operator op = c.create(params, Precision.FLOAT64);
        op.forward(x, out, Mode.TRAIN);
        op.backward(x, out, g, new Tensor[] {null});
        double[] withoutDx = params.get(0).grad().toDoubleArray();
        op.backward(x, out, g, LinearOpsTestKit.zerosLike(x));
        assertArrayEquals(params.get(0).grad().toDoubleArray(), withoutDx, 0.0);
    }

    @Test
    void float32AgreesWithFloat64() {
        LinearOpsTestKit.assertPrecisionsAgree(vector(), 6, 21);
        LinearOpsTestKit.assertPrecisionsAgree(image(), 6, 22);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void survivesBatchSizeChanges(Precision p) {
        LinearOpsTestKit.assertBatchChangeWorks(vector(), p, 31);
        LinearOpsTestKit.assertBatchChangeWorks(image(), p, 32);
    }

    @Test
    void takesBiasFromItsArgument() {
        OpCase c = image();
        assertEquals(1, c.node().params().size());
        Rng rng = new Rng(1);
        List<Parameter> tooMany = List.of(c.randomParams(rng).get(0), vector().randomParams(rng).get(1));
        assertThrows(IllegalArgumentException.class, () -> c.create(tooMany, Precision.FLOAT64));
    }

    @Test
    void rejectsAnInputOfTheWrongWidth() {
        OpCase c = vector();
        Operator op = c.create(c.randomParams(new Rng(2)), Precision.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> op.forward(new Tensor[] {Tensor.zeros(Precision.FLOAT64, 2, 4)},
                        Tensor.zeros(Precision.FLOAT64, 2, 2), Mode.INFER));
        assertEquals("affine_1: input float64[2, 4] has 4 features per example but W is float64[3, 2]",
                e.getMessage());
    }
}
