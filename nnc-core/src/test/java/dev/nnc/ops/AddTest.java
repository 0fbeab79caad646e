package dev.nnc.ops;

import static dev.nnc.ops.LinearOpsTestKit.opCase;
import static dev.nnc.ops.LinearOpsTestKit.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.ops.LinearOpsTestKit.OpCase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AddTest {

    private static OpCase add() {
        return opCase("add", Map.of(), Shape.of(2, 3, 3), List.of(), new int[] {2, 3, 3}, new int[] {2, 3, 3});
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void addsElementwiseAndCopiesTheGradientToBothOperands(Precision p) {
        Operator op = opCase("add", Map.of(), Shape.of(2), List.of(), new int[] {2}, new int[] {2})
                .create(List.of(), p);
        Tensor a = tensor(p, new int[] {2, 2}, 1, 2, 3, 4);
        Tensor b = tensor(p, new int[] {2, 2}, 10, 20, 30, 40);
        Tensor out = Tensor.zeros(p, 2, 2);
        op.forward(new Tensor[] {a, b}, out, Mode.TRAIN);
        assertArrayEquals(new double[] {11, 22, 33, 44}, out.toDoubleArray(), 0.0);
        Tensor dout = tensor(p, new int[] {2, 2}, 1, -1, 2, -2);
        Tensor da = Tensor.zeros(p, 2, 2);
        Tensor db = Tensor.zeros(p, 2, 2);
        op.backward(new Tensor[] {a, b}, out, dout, new Tensor[] {da, db});
        assertArrayEquals(dout.toDoubleArray(), da.toDoubleArray(), 0.0);
        assertArrayEquals(dout.toDoubleArray(), db.toDoubleArray(), 0.0);
    }

    @Test
    void rejectsOperandsOfDifferentShapes() {
        Precision p = Precision.FLOAT64;
        Operator op = add().create(List.of(), p);
        assertThrows(IllegalArgumentException.class, () -> op.forward(
                new Tensor[] {Tensor.zeros(p, 1, 2, 3, 3), Tensor.zeros(p, 1, 3, 3, 2)}, Tensor.zeros(p, 1, 2, 3, 3),
                Mode.TRAIN));
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        LinearOpsTestKit.assertGradients(add(), 2, 121);
    }

    @Test
    void float32AgreesWithFloat64() {
        LinearOpsTestKit.assertPrecisionsAgree(add(), 2, 122);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void survivesBatchSizeChanges(Precision p) {
        LinearOpsTestKit.assertBatchChangeWorks(add(), p, 123);
    }
}
