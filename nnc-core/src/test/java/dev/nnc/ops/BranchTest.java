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

class BranchTest {

    private static OpCase branch() {
        return opCase("branch", Map.of(), Shape.of(2, 2, 2), List.of(), new int[] {2, 2, 2});
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void passesValuesAndGradientsThrough(Precision p) {
        Tensor x = tensor(p, new int[] {2, 3}, 1, -2, 3, -4, 5, -6);
        Tensor out = Tensor.zeros(p, 2, 3);
        Tensor dx = Tensor.zeros(p, 2, 3);
        Operator op = opCase("branch", Map.of(), Shape.of(3), List.of(), new int[] {3}).create(List.of(), p);
        op.forward(new Tensor[] {x}, out, Mode.TRAIN);
        assertArrayEquals(x.toDoubleArray(), out.toDoubleArray(), 0.0);
        Tensor dout = tensor(p, new int[] {2, 3}, 6, 5, 4, 3, 2, 1);
        op.backward(new Tensor[] {x}, out, dout, new Tensor[] {dx});
        assertArrayEquals(dout.toDoubleArray(), dx.toDoubleArray(), 0.0);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        LinearOpsTestKit.assertGradients(branch(), 2, 111);
    }

    @Test
    void float32AgreesWithFloat64() {
        LinearOpsTestKit.assertPrecisionsAgree(branch(), 2, 112);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void survivesBatchSizeChanges(Precision p) {
        LinearOpsTestKit.assertBatchChangeWorks(branch(), p, 113);
    }
}
