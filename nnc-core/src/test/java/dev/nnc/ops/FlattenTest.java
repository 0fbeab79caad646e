package dev.nnc.ops;

import static dev.nnc.ops.LinearOpsTestKit.opCase;
import static dev.nnc.ops.LinearOpsTestKit.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.ops.LinearOpsTestKit.OpCase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FlattenTest {

    private static OpCase flatten() {
        return opCase("flatten", Map.of(), Shape.of(12), List.of(), new int[] {2, 3, 2});
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void keepsTheRowMajorOrderAndRoutesTheGradientBack(Precision p) {
        Tensor x = tensor(p, new int[] {1, 2, 1, 2}, 1, 2, 3, 4);
        Tensor out = Tensor.zeros(p, 1, 4);
        Tensor dx = Tensor.zeros(p, 1, 2, 1, 2);
        Operator op = opCase("flatten", Map.of(), Shape.of(4), List.of(), new int[] {2, 1, 2}).create(List.of(), p);
        op.forward(new Tensor[] {x}, out, Mode.TRAIN);
        assertArrayEquals(new double[] {1, 2, 3, 4}, out.toDoubleArray(), 0.0);
        op.backward(new Tensor[] {x}, out, tensor(p, new int[] {1, 4}, 5, 6, 7, 8), new Tensor[] {dx});
        assertArrayEquals(new double[] {5, 6, 7, 8}, dx.toDoubleArray(), 0.0);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        LinearOpsTestKit.assertGradients(flatten(), 3, 101);
    }

    @Test
    void float32AgreesWithFloat64() {
        LinearOpsTestKit.assertPrecisionsAgree(flatten(), 3, 102);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void survivesBatchSizeChanges(Precision p) {
        LinearOpsTestKit.assertBatchChangeWorks(flatten(), p, 103);
    }
}
