package dev.nnc.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nnc.ops.MaxPool;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** MaxPoolKernel's loops, general and 2 x 2, against the float64 reference of ops/MaxPool.java. */
class MaxPoolKernelTest {

    /** n, c, h, w, size, stride: 2 x 2 tiling (float32 records choices), overlapping, leftover edges. */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(2, 3, 8, 10, 2, 2),
                Arguments.of(2, 3, 9, 7, 3, 2),
                Arguments.of(2, 2, 7, 7, 3, 1),
                Arguments.of(2, 3, 9, 11, 2, 2),   // 2 x 2 but not tiling: the general loops
                Arguments.of(16, 16, 32, 32, 2, 2)); // above the size that splits the planes over threads
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardAndBackwardMatchTheReference(int n, int c, int h, int w, int size, int stride) {
        int oh = (h - size) / stride + 1, ow = (w - size) / stride + 1, planes = n * c;
        Rng rng = new Rng(11);
        double[] x = new double[planes * h * w];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(4) - 1.5; // few distinct values: many ties, which go to the first maximum
        }
        x[5] = Double.NaN; // propagates, and takes its window's gradient
        double[] dout = ConvKernelTest.gaussian(rng, planes * oh * ow);
        double[] out = new double[dout.length];
        double[] dx = new double[x.length];
        MaxPool.forwardReference(x, out, planes, h, w, size, stride);
        MaxPool.backwardReference(x, dout, dx, planes, h, w, size, stride);
        for (Precision p : Precision.values()) {
            for (int threads : new int[] {1, 2}) {
                for (boolean train : new boolean[] {true, false}) {
                    try (Gemm gemm = Gemm.withThreads(threads)) {
                        MaxPoolKernel kernel = new MaxPoolKernel(gemm, size, stride);
                        Tensor xt = ConvKernelTest.tensor(p, x, n, c, h, w);
                        Tensor outT = Tensor.zeros(p, n, c, oh, ow);
                        Tensor dxT = Tensor.zeros(p, n, c, h, w);
                        dxT.setFrom(ConvKernelTest.gaussian(rng, x.length)); // overwritten, not added to
                        kernel.forward(xt, outT, train);
                        kernel.backward(xt, outT, ConvKernelTest.tensor(p, dout, n, c, oh, ow), dxT);
                        String what = p.label() + ", " + threads + " threads, train " + train;
                        // the maxima are exact; float32 sums overlapping windows' gradients in float
                        assertArrayEquals(out, outT.toDoubleArray(), 0.0, "out, " + what);
                        assertArrayEquals(dx, dxT.toDoubleArray(), p == Precision.FLOAT64 ? 0.0 : 1e-6,
                                "dx, " + what);
                    }
                }
            }
        }
    }
}
