package dev.nnc.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nnc.ops.Relu;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ReluKernel's branch-free loops against the float64 reference of ops/Relu.java. */
class ReluKernelTest {

    @ParameterizedTest
    @ValueSource(ints = {37, 1 << 17}) // small, and large enough to split over the threads
    void forwardAndBackwardMatchTheReference(int size) {
        Rng rng = new Rng(13);
        double[] x = ConvKernelTest.gaussian(rng, size);
        double[] dy = ConvKernelTest.gaussian(rng, size);
        // the edges: zero (subgradient 0), the smallest subnormals (still positive), NaN, infinities
        double[] edges = {0.0, -0.0, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-300, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        System.arraycopy(edges, 0, x, 3, edges.length);
        for (Precision p : Precision.values()) {
            double[] xs = ConvKernelTest.tensor(p, x, size).toDoubleArray(); // as the precision holds them
            double[] y = new double[size];
            double[] dx = new double[size];
            Relu.forwardReference(xs, y);
            Relu.backwardReference(xs, ConvKernelTest.tensor(p, dy, size).toDoubleArray(), dx);
            for (int threads : new int[] {1, 2}) {
                try (Gemm gemm = Gemm.withThreads(threads)) {
                    ReluKernel kernel = new ReluKernel(gemm);
                    Tensor xt = ConvKernelTest.tensor(p, x, size);
                    Tensor yt = Tensor.zeros(p, size);
                    Tensor dxt = Tensor.zeros(p, size);
                    kernel.forward(xt, yt);
                    kernel.backward(xt, ConvKernelTest.tensor(p, dy, size), dxt);
                    String what = p.label() + ", " + threads + " threads";
                    assertArrayEquals(y, yt.toDoubleArray(), 0.0, "y, " + what);
                    assertArrayEquals(dx, dxt.toDoubleArray(), 0.0, "dx, " + what);
                }
            }
        }
    }
}
