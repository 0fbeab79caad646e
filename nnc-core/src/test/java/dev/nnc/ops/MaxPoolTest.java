package dev.nnc.ops;

import static dev.nnc.ops.LinearOpsTestKit.opCase;
import static dev.nnc.ops.LinearOpsTestKit.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.ops.LinearOpsTestKit.OpCase;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import dev.nnc.tensor.gemm.Gemm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class MaxPoolTest {

    static OpCase pool(String op, int c, int h, int w, int size, int stride) {
        return opCase(op, Map.of("size", size, "stride", stride),
                Shape.of(c, (h - size) / stride + 1, (w - size) / stride + 1), List.of(), new int[] {c, h, w});
    }

    /** Tiling, overlapping (stride < size), leftover rows and columns, non-square. */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(pool("maxpool", 2, 4, 4, 2, 2)),
                Arguments.of(pool("maxpool", 2, 5, 5, 3, 2)),
                Arguments.of(pool("maxpool", 1, 5, 7, 2, 2)),
                Arguments.of(pool("maxpool", 3, 4, 3, 2, 1)));
    }

    /** max over each window by direct loops. */
    static double[] naiveMaxPool(Tensor x, int size, int stride) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = (h - size) / stride + 1, ow = (w - size) / stride + 1;
        double[] out = new double[n * c * oh * ow];
        for (int p = 0; p < n * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int di = 0; di < size; di++) {
                        for (int dj = 0; dj < size; dj++) {
                            m = Math.max(m, x.get((p * h + i * stride + di) * w + j * stride + dj));
                        }
                    }
                    out[(p * oh + i) * ow + j] = m;
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesDirectLoops(OpCase c) {
        for (Precision p : Precision.values()) {
            Tensor[] x = c.randomInputs(p, new Rng(7), 3);
            Tensor out = Tensor.zeros(p, c.outputShape(3));
            c.create(List.of(), p).forward(x, out, Mode.INFER);
            int size = c.node().args().getInt("size"), stride = c.node().args().getInt("stride");
            assertArrayEquals(naiveMaxPool(x[0], size, stride), out.toDoubleArray(), 0.0, p.label());
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void routesTheGradientToTheFirstMaximumOfEachWindow(Precision p) {
        // 2 x 2 windows tiling the input: float32 takes its own loops there, float64 the general ones.
        OpCase c = pool("maxpool", 1, 2, 8, 2, 2);
        // windows: three 5s (first at (0, 0)); max 7 at (1, 3); all zeros (first at (0, 4)); a NaN at (1, 6)
        Tensor x = tensor(p, new int[] {1, 1, 2, 8},
                5, 1, 2, 3, 0, 0, 1, 4,
                5, 5, 6, 7, 0, 0, Double.NaN, 9);
        Tensor out = Tensor.zeros(p, 1, 1, 1, 4);
        Tensor dx = Tensor.zeros(p, 1, 1, 2, 8);
        dx.fill(-1); // every element must be written, not accumulated
        Operator op = c.create(List.of(), p);
        op.forward(new Tensor[] {x}, out, Mode.TRAIN);
        assertArrayEquals(new double[] {5, 7, 0, Double.NaN}, out.toDoubleArray(), 0.0);
        op.backward(new Tensor[] {x}, out, tensor(p, new int[] {1, 1, 1, 4}, 10, 20, 30, 40), new Tensor[] {dx});
        assertArrayEquals(new double[] {
                10, 0, 0, 0, 30, 0, 0, 0,
                0, 0, 0, 20, 0, 0, 40, 0}, dx.toDoubleArray(), 0.0);
    }

    @Test
    void overlappingWindowsSumTheirGradients() {
        Precision p = Precision.FLOAT64;
        // size 2, stride 1 on a 2×3 plane: both windows hold the 9, which collects both gradients
        OpCase overlap = pool("maxpool", 1, 2, 3, 2, 1);
        Tensor x = tensor(p, new int[] {1, 1, 2, 3},
                0, 9, 0,
                0, 0, 0);
        Tensor out = Tensor.zeros(p, 1, 1, 1, 2);
        Tensor dx = Tensor.zeros(p, 1, 1, 2, 3);
        Operator op = overlap.create(List.of(), p);
        op.forward(new Tensor[] {x}, out, Mode.TRAIN);
        op.backward(new Tensor[] {x}, out, tensor(p, new int[] {1, 1, 1, 2}, 1, 2), new Tensor[] {dx});
        assertArrayEquals(new double[] {0, 3, 0, 0, 0, 0}, dx.toDoubleArray(), 0.0);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void gradientsMatchFiniteDifferences(OpCase c) {
        LinearOpsTestKit.assertGradients(c, 2, 71);
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void float32AgreesWithFloat64(OpCase c) {
        LinearOpsTestKit.assertPrecisionsAgree(c, 3, 81);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void survivesBatchSizeChanges(Precision p) {
        LinearOpsTestKit.assertBatchChangeWorks(pool("maxpool", 2, 5, 5, 3, 2), p, 91);
        LinearOpsTestKit.assertBatchChangeWorks(pool("maxpool", 2, 4, 6, 2, 2), p, 92); // float32's 2 x 2 loops
    }

    /**
     * float32's 2 x 2 loops against float64's general ones on a SimpleConvNet-sized input (split over two
     * threads) after a relu, so many windows tie at 0; backward after a TRAIN forward (recorded choices) and
     * after an INFER forward (the general search).
     */
    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"TRAIN", "INFER"})
    void float32TwoByTwoRoutesLikeFloat64OnALargeInputOnTwoThreads(Mode mode) {
        try (Gemm gemm = Gemm.withThreads(2)) {
            OpCase c = pool("maxpool", 30, 24, 24, 2, 2);
            int batch = 4; // 69,120 inputs: above the size that splits over the threads
            Rng rng = new Rng(5);
            Tensor[] x64 = c.randomInputs(Precision.FLOAT64, rng, batch);
            for (int i = 0; i < x64[0].size(); i++) {
                x64[0].set(i, Math.max(0, Math.rint(x64[0].get(i) * 4) / 4)); // relu, on a grid: ties
            }
            Tensor x32 = Tensor.zeros(Precision.FLOAT32, x64[0].shape());
            x32.setFrom(x64[0].toDoubleArray());
            Tensor g64 = Tensor.zeros(Precision.FLOAT64, c.outputShape(batch));
            for (int i = 0; i < g64.size(); i++) {
                g64.set(i, 1 + i % 7);
            }
            Tensor g32 = Tensor.zeros(Precision.FLOAT32, g64.shape());
            g32.setFrom(g64.toDoubleArray());
            double[][] dx = new double[2][];
            int k = 0;
            for (Precision p : new Precision[] {Precision.FLOAT64, Precision.FLOAT32}) {
                Tensor x = p == Precision.FLOAT64 ? x64[0] : x32;
                Tensor out = Tensor.zeros(p, c.outputShape(batch));
                Tensor d = Tensor.zeros(p, x.shape());
                d.fill(-1);
                Operator op = c.create(List.of(), p, gemm);
                op.forward(new Tensor[] {x}, out, mode);
                op.backward(new Tensor[] {x}, out, p == Precision.FLOAT64 ? g64 : g32, new Tensor[] {d});
                dx[k++] = d.toDoubleArray();
            }
            assertArrayEquals(dx[0], dx[1], 0.0, "same input, same gradient routing");
        }
    }

    @Test
    void rejectsAnInputSmallerThanTheWindow() {
        Precision p = Precision.FLOAT64;
        Operator op = pool("maxpool", 1, 4, 4, 3, 3).create(List.of(), p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> op.forward(
                new Tensor[] {Tensor.zeros(p, 1, 1, 2, 4)}, Tensor.zeros(p, 1, 1, 1, 1), Mode.TRAIN));
        assertEquals("maxpool_1: a 3x3 window does not fit float64[1, 1, 2, 4]", e.getMessage());
    }
}
