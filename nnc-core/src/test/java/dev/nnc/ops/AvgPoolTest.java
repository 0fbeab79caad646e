package dev.nnc.ops;

import static dev.nnc.ops.LinearOpsTestKit.tensor;
import static dev.nnc.ops.MaxPoolTest.pool;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import dev.nnc.ops.LinearOpsTestKit.OpCase;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AvgPoolTest {

    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(pool("avgpool", 2, 4, 4, 2, 2)),
                Arguments.of(pool("avgpool", 2, 5, 5, 3, 2)),
                Arguments.of(pool("avgpool", 1, 5, 7, 2, 2)),
                Arguments.of(pool("avgpool", 3, 4, 3, 2, 1)));
    }

    /** The mean of each window by direct loops. */
    static double[] naiveAvgPool(Tensor x, int size, int stride) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = (h - size) / stride + 1, ow = (w - size) / stride + 1;
        double[] out = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = 0;
                    for (int di = 0; di < size; di++) {
                        for (int dj = 0; dj < size; dj++) {
                            s += x.get((p * h + i * stride + di) * w + j * stride + dj);
                        }
                    }
                    out[(p * oh + i) * ow + j] = s / (size * size);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesDirectLoops(OpCase c) {
        for (Precision p : Precision.values()) {
            Tensor[] x = c.randomInputs(p, new Rng(8), 3);
            Tensor out = Tensor.zeros(p, c.outputShape(3));
            c.create(List.of(), p).forward(x, out, Mode.INFER);
            int size = c.node().args().getInt("size"), stride = c.node().args().getInt("stride");
            assertArrayEquals(naiveAvgPool(x[0], size, stride), out.toDoubleArray(),
                    p == Precision.FLOAT32 ? 1e-6 : 1e-14, p.label());
        }
    }

    @Test
    void spreadsTheGradientEvenlyAndSumsOverlaps() {
        Precision p = Precision.FLOAT64;
        OpCase c = pool("avgpool", 1, 2, 3, 2, 1);
        Tensor x = tensor(p, new int[] {1, 1, 2, 3}, 1, 2, 3, 4, 5, 6);
        Tensor out = Tensor.zeros(p, 1, 1, 1, 2);
        Tensor dx = Tensor.zeros(p, 1, 1, 2, 3);
        Operator op = c.create(List.of(), p);
        op.forward(new Tensor[] {x}, out, Mode.TRAIN);
        assertArrayEquals(new double[] {3, 4}, out.toDoubleArray(), 1e-15);
        op.backward(new Tensor[] {x}, out, tensor(p, new int[] {1, 1, 1, 2}, 4, 8), new Tensor[] {dx});
        // each window hands a quarter of its gradient to its 4 cells; the middle column is in both
        assertArrayEquals(new double[] {1, 3, 2, 1, 3, 2}, dx.toDoubleArray(), 1e-15);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void gradientsMatchFiniteDifferences(OpCase c) {
        LinearOpsTestKit.assertGradients(c, 2, 72);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void float32AgreesWithFloat64(OpCase c) {
        LinearOpsTestKit.assertPrecisionsAgree(c, 3, 82);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void survivesBatchSizeChanges(Precision p) {
        LinearOpsTestKit.assertBatchChangeWorks(pool("avgpool", 2, 5, 5, 3, 2), p, 92);
    }
}
