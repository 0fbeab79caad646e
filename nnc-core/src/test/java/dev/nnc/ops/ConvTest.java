package dev.nnc.ops;

import static dev.nnc.ops.LinearOpsTestKit.opCase;
import static dev.nnc.ops.LinearOpsTestKit.spec;
import static dev.nnc.ops.LinearOpsTestKit.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.simd.Simd;
import dev.nnc.graph.Init;
import dev.nnc.graph.ParamRole;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.ops.LinearOpsTestKit.OpCase;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ConvTest {

    /** conv(filters, size, stride, pad) on (c, h, w) examples; the output shape by the floor formula. */
    static OpCase conv(int c, int h, int w, int filters, int size, int stride, int pad) {
        int oh = (h + 2 * pad - size) / stride + 1;
        int ow = (w + 2 * pad - size) / stride + 1;
        return opCase("conv", Map.of("filters", filters, "size", size, "stride", stride, "pad", pad, "init", Init.HE),
                Shape.of(filters, oh, ow),
                List.of(spec("conv", "W", ParamRole.WEIGHT, filters, c, size, size),
                        spec("conv", "b", ParamRole.BIAS, filters)),
                new int[] {c, h, w});
    }

    /**
     * Geometries: plain, stride 2 with pad 1, a stride that does not divide evenly, non-square, 1×1; then
     * three that float32 runs through the direct loops (rows of whole vectors: 8 or 16 columns), one padded
     * and one with filters and taps left over from the loops' blocks of three.
     */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(conv(2, 5, 5, 3, 3, 1, 0)),
                Arguments.of(conv(2, 5, 5, 3, 3, 2, 1)),
                Arguments.of(conv(3, 6, 4, 2, 3, 2, 1)),
                Arguments.of(conv(1, 4, 7, 2, 2, 1, 1)),
                Arguments.of(conv(3, 3, 3, 4, 1, 1, 0)),
                Arguments.of(conv(1, 3, 3, 1, 3, 1, 2)),
                Arguments.of(conv(1, 10, 12, 6, 5, 1, 0)),
                Arguments.of(conv(2, 6, 14, 4, 3, 1, 2)),
                Arguments.of(conv(1, 3, 9, 7, 2, 1, 0)),
                // cats_vs_dogs.nn's geometries in miniature: 11x11 at stride 4 'valid', 5x5 'same' (pad 2)
                Arguments.of(conv(1, 15, 15, 2, 11, 4, 0)),
                Arguments.of(conv(2, 6, 6, 3, 5, 1, 2)));
    }

    @Test
    void float32TakesTheDirectLoopsWhereTheyApply() {
        assumeTrue(Simd.vectorized(), "no Vector API on this JVM");
        assertTrue(usesDirect(conv(1, 10, 12, 6, 5, 1, 0), Precision.FLOAT32));
        assertTrue(usesDirect(conv(2, 6, 14, 4, 3, 1, 2), Precision.FLOAT32));
        assertFalse(usesDirect(conv(1, 10, 12, 6, 5, 1, 0), Precision.FLOAT64)); // gradient checks: im2col
        assertFalse(usesDirect(conv(1, 10, 11, 6, 5, 1, 0), Precision.FLOAT32)); // 7 columns
        assertFalse(usesDirect(conv(1, 10, 19, 6, 5, 2, 0), Precision.FLOAT32)); // stride 2
        assertFalse(usesDirect(conv(4, 10, 12, 6, 5, 1, 0), Precision.FLOAT32)); // 100 taps
    }

    private static boolean usesDirect(OpCase c, Precision p) {
        Rng rng = new Rng(9);
        Conv op = (Conv) c.create(LinearOpsTestKit.convert(c.randomParams(rng), p), p);
        op.forward(c.randomInputs(p, rng, 2), Tensor.zeros(p, c.outputShape(2)), Mode.INFER);
        return op.usesDirectLoops();
    }

    /** The direct loops' dW sums per piece, so they repeat bit for bit for a given thread count. */
    @Test
    void directLoopsRepeatBitForBitOnEachThreadCount() {
        OpCase c = conv(1, 10, 12, 6, 5, 1, 0);
        for (int threads : new int[] {1, 2}) {
            try (Gemm gemm = Gemm.withThreads(threads)) {
                List<double[]> first = convStep(c, Precision.FLOAT32, gemm);
                List<double[]> again = convStep(c, Precision.FLOAT32, gemm);
                for (int i = 0; i < first.size(); i++) {
                    assertArrayEquals(first.get(i), again.get(i), 0.0, threads + " threads, result " + i);
                }
            }
        }
    }

    /** Direct nested loops over out[n, f, i, j] = b[f] + Σ W[f, c, ki, kj] · xpad[n, c, i·s + ki, j·s + kj]. */
    static double[] naiveConv(Tensor x, Tensor w, Tensor b, int stride, int pad, int oh, int ow) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3), f = w.dim(0), k = w.dim(2);
        double[] out = new double[n * f * oh * ow];
        for (int in = 0; in < n; in++) {
            for (int fi = 0; fi < f; fi++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b.get(fi);
                        for (int ci = 0; ci < c; ci++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int y = i * stride - pad + ki;
                                    int xx = j * stride - pad + kj;
                                    if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                                        s += w.get(((fi * c + ci) * k + ki) * k + kj)
                                                * x.get(((in * c + ci) * h + y) * wd + xx);
                                    }
                                }
                            }
                        }
                        out[((in * f + fi) * oh + i) * ow + j] = s;
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardMatchesDirectLoops(OpCase c) {
        for (Precision p : Precision.values()) {
            Rng rng = new Rng(3);
            List<Parameter> params = LinearOpsTestKit.convert(c.randomParams(rng), p);
            Tensor[] x = c.randomInputs(p, rng, 3);
            Tensor out = Tensor.zeros(p, c.outputShape(3));
            c.create(params, p).forward(x, out, Mode.INFER);
            int stride = c.node().args().getInt("stride"), pad = c.node().args().getInt("pad");
            double[] expected = naiveConv(x[0], params.get(0).value(), params.get(1).value(), stride, pad,
                    out.dim(2), out.dim(3));
            assertArrayEquals(expected, out.toDoubleArray(), p == Precision.FLOAT32 ? 1e-4 : 1e-12, p.label());
        }
    }

    @Test
    void forwardMatchesHandComputedSums() {
        // x = 1..9 in a 3×3 plane, one 2×2 filter of ones, b = 0
        Precision p = Precision.FLOAT64;
        Tensor x = tensor(p, new int[] {1, 1, 3, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        OpCase plain = conv(1, 3, 3, 1, 2, 1, 0);
        assertArrayEquals(new double[] {12, 16, 24, 28}, run(plain, x), 0.0);
        // pad 1, stride 2: windows at padded (0, 0), (0, 2), (2, 0), (2, 2) see {1}, {2, 3}, {4, 7}, {5, 6, 8, 9}
        OpCase strided = conv(1, 3, 3, 1, 2, 2, 1);
        assertArrayEquals(new double[] {1, 5, 11, 28}, run(strided, x), 0.0);
    }

    private static double[] run(OpCase c, Tensor x) {
        Precision p = Precision.FLOAT64;
        List<Parameter> params = List.of(
                new Parameter(c.node().params().get(0), tensor(p, new int[] {1, 1, 2, 2}, 1, 1, 1, 1),
                        Tensor.zeros(p, 1, 1, 2, 2)),
                new Parameter(c.node().params().get(1), Tensor.zeros(p, 1), Tensor.zeros(p, 1)));
        Tensor out = Tensor.zeros(p, c.outputShape(1));
        c.create(params, p).forward(new Tensor[] {x}, out, Mode.INFER);
        return out.toDoubleArray();
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void gradientsMatchFiniteDifferences(OpCase c) {
        LinearOpsTestKit.assertGradients(c, 2, 41);
    }

    @Test
    void skipsTheInputGradientWhenNobodyNeedsIt() {
        OpCase c = conv(2, 5, 5, 3, 3, 2, 1);
        Rng rng = new Rng(5);
        List<Parameter> params = c.randomParams(rng);
        Tensor[] x = c.randomInputs(Precision.FLOAT64, rng, 3);
        Tensor out = Tensor.zeros(Precision.FLOAT64, c.outputShape(3));
        Tensor g = LinearOpsTestKit.random(Precision.FLOAT64, rng, c.outputShape(3));
        Operator op = c.create(params, Precision.FLOAT64);
        op.forward(x, out, Mode.TRAIN);
        op.backward(x, out, g, new Tensor[] {null});
        double[] dw = params.get(0).grad().toDoubleArray();
        double[] db = params.get(1).grad().toDoubleArray();
        op.backward(x, out, g, LinearOpsTestKit.zerosLike(x));
        assertArrayEquals(params.get(0).grad().toDoubleArray(), dw, 0.0);
        assertArrayEquals(params.get(1).grad().toDoubleArray(), db, 0.0);
    }

    /** On two threads the batch is cut into pieces whose dW and db sums are added afterwards. */
    @Test
    void twoThreadsGiveTheOneThreadGradientsAndRepeatBitForBit() {
        OpCase c = conv(2, 5, 5, 3, 3, 2, 1);
        try (Gemm single = Gemm.withThreads(1); Gemm dual = Gemm.withThreads(2)) {
            List<double[]> one = convStep(c, Precision.FLOAT64, single);
            LinearOpsTestKit.assertGradients(c, 5, 41, dual);
            List<double[]> two = convStep(c, Precision.FLOAT64, dual);
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), two.get(i), 1e-12, "result " + i);
                assertArrayEquals(two.get(i), convStep(c, Precision.FLOAT64, dual).get(i), 0.0, "repeat " + i);
            }
        }
    }

    /** Output, dx, dW and db of one float64 step on a batch of 5 with fixed data. */
    private static List<double[]> convStep(OpCase c, Precision p, Gemm gemm) {
        Rng rng = new Rng(17);
        List<Parameter> params = LinearOpsTestKit.convert(c.randomParams(rng), p);
        Tensor[] x = c.randomInputs(p, rng, 5);
        Tensor out = Tensor.zeros(p, c.outputShape(5));
        Tensor g = LinearOpsTestKit.random(p, rng, c.outputShape(5));
        Tensor[] dx = LinearOpsTestKit.zerosLike(x);
        Operator op = c.create(params, p, gemm);
        op.forward(x, out, Mode.TRAIN);
        op.backward(x, out, g, dx);
        return List.of(out.toDoubleArray(), dx[0].toDoubleArray(), params.get(0).grad().toDoubleArray(),
                params.get(1).grad().toDoubleArray());
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void float32AgreesWithFloat64(OpCase c) {
        LinearOpsTestKit.assertPrecisionsAgree(c, 4, 51);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void survivesBatchSizeChanges(Precision p) {
        LinearOpsTestKit.assertBatchChangeWorks(conv(2, 5, 5, 3, 3, 2, 1), p, 61);
    }

    @Test
    void rejectsAnInputWithTheWrongChannelCount() {
        OpCase c = conv(2, 5, 5, 3, 3, 1, 0);
        Operator op = c.create(c.randomParams(new Rng(2)), Precision.FLOAT64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> op.forward(new Tensor[] {Tensor.zeros(Precision.FLOAT64, 1, 3, 5, 5)},
                        Tensor.zeros(Precision.FLOAT64, 1, 3, 3, 3), Mode.INFER));
        assertEquals("conv_1: input float64[1, 3, 5, 5] has 3 channels but W is float64[3, 2, 3, 3]",
                e.getMessage());
    }
}
