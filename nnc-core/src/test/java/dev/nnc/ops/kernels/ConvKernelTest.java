package dev.nnc.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.ops.Conv;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.gemm.GemmKernel;
import dev.nnc.tensor.gemm.GemmKernels;
import dev.nnc.tensor.simd.Simd;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ConvKernel's im2col/GEMM and direct float32 paths against the float64 reference of ops/Conv.java. */
class ConvKernelTest {

    /** n, c, h, w, filters, k, stride, pad, and whether float32 takes the direct loops (with the Vector API). */
    static Stream<Arguments> geometries() {
        return Stream.of(
                Arguments.of(3, 1, 10, 12, 6, 5, 1, 0, true),   // an input layer: 25 taps, 8 output columns
                Arguments.of(5, 2, 6, 14, 4, 3, 1, 2, true),    // padded: the direct loops copy into a border
                Arguments.of(3, 1, 10, 11, 6, 5, 1, 0, false),  // 7 output columns: im2col
                Arguments.of(4, 2, 5, 5, 3, 3, 2, 1, false),    // stride 2: im2col
                Arguments.of(2, 4, 10, 12, 6, 5, 1, 0, false),  // 100 taps: im2col
                Arguments.of(3, 3, 14, 14, 5, 3, 1, 1, false)); // FashionCnn's conv_2 in small: 14 columns, im2col
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void forwardAndBackwardMatchTheReference(int n, int c, int h, int wd, int f, int k, int stride, int pad,
                                             boolean direct) {
        Reference ref = new Reference(new Rng(7), n, c, h, wd, f, k, stride, pad);
        // Every GEMM kernel this JVM has (OpenBLAS, the Vector-API kernel, the blocked fallback): the products
        // pass offsets into the batch that each must honour.
        for (GemmKernel gk : GemmKernels.available()) {
            for (Precision p : Precision.values()) {
                for (int threads : new int[] {1, 2}) {
                    try (Gemm gemm = Gemm.create(gk, threads)) {
                        ConvKernel kernel = new ConvKernel(gemm, "conv_1", f, k, stride, pad);
                        String what = gk.name() + ", " + p.label() + ", " + threads + " threads";
                        ref.check(kernel, p, what);
                        assertEquals(p == Precision.FLOAT32 && direct && Simd.vectorized(), kernel.usesDirectLoops(),
                                what);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("geometries")
    void theDirectGeometriesDoTakeTheDirectLoops(int n, int c, int h, int wd, int f, int k, int stride, int pad,
                                                 boolean direct) {
        assumeTrue(Simd.vectorized(), "no Vector API on this JVM");
        ConvKernel kernel = new ConvKernel(Gemm.defaults(), "conv_1", f, k, stride, pad);
        int oh = (h + 2 * pad - k) / stride + 1, ow = (wd + 2 * pad - k) / stride + 1;
        kernel.forward(Tensor.zeros(Precision.FLOAT32, n, c, h, wd), Tensor.zeros(Precision.FLOAT32, f, c, k, k),
                Tensor.zeros(Precision.FLOAT32, f), Tensor.zeros(Precision.FLOAT32, n, f, oh, ow));
        assertEquals(direct, kernel.usesDirectLoops());
    }

    /**
     * A kernel keeps its column buffers and writes the padding's zeros only when a buffer last held another
     * geometry: inputs of changing size (and precision) through one kernel must each still match the reference.
     */
    @Test
    void oneKernelFollowsChangingInputSizes() {
        int[][] sizes = {{9, 9}, {9, 9}, {6, 11}, {12, 5}, {9, 9}};
        for (int threads : new int[] {1, 2}) {
            try (Gemm gemm = Gemm.withThreads(threads)) {
                ConvKernel kernel = new ConvKernel(gemm, "conv_1", 4, 3, 1, 1);
                Rng rng = new Rng(11);
                for (int round = 0; round < 2 * sizes.length; round++) {
                    int[] hw = sizes[round % sizes.length];
                    Precision p = round < sizes.length ? Precision.FLOAT32 : Precision.FLOAT64;
                    new Reference(rng, 3, 2, hw[0], hw[1], 4, 3, 1, 1).check(kernel, p,
                            hw[0] + "x" + hw[1] + ", " + p.label() + ", " + threads + " threads");
                }
            }
        }
    }

    /** Random x, W, b and dout for one geometry, with ops/Conv.java's float64 results for them. */
    private static final class Reference {
        private final int n;
        private final int c;
        private final int h;
        private final int wd;
        private final int f;
        private final int k;
        private final int oh;
        private final int ow;
        private final double[] x;
        private final double[] w;
        private final double[] b;
        private final double[] dout;
        private final double[] out;
        private final double[] dx;
        private final double[] dw;
        private final double[] db;

        Reference(Rng rng, int n, int c, int h, int wd, int f, int k, int stride, int pad) {
            this.n = n;
            this.c = c;
            this.h = h;
            this.wd = wd;
            this.f = f;
            this.k = k;
            this.oh = (h + 2 * pad - k) / stride + 1;
            this.ow = (wd + 2 * pad - k) / stride + 1;
            x = gaussian(rng, n * c * h * wd);
            w = gaussian(rng, f * c * k * k);
            b = gaussian(rng, f);
            dout = gaussian(rng, n * f * oh * ow);
            out = new double[dout.length];
            dx = new double[x.length];
            dw = new double[w.length];
            db = new double[f];
            Conv.forwardReference(x, w, b, out, n, c, h, wd, f, k, stride, pad);
            Conv.backwardReference(x, w, dout, dx, dw, db, n, c, h, wd, f, k, stride, pad);
        }

        /** The kernel's forward and backward in precision p, each output within tolerance of the reference. */
        void check(ConvKernel kernel, Precision p, String what) {
            Tensor xt = tensor(p, x, n, c, h, wd);
            Tensor wt = tensor(p, w, f, c, k, k);
            Tensor outT = Tensor.zeros(p, n, f, oh, ow);
            Tensor dxT = Tensor.zeros(p, n, c, h, wd);
            Tensor dwT = Tensor.zeros(p, f, c, k, k);
            Tensor dbT = Tensor.zeros(p, f);
            kernel.forward(xt, wt, tensor(p, b, f), outT);
            kernel.backward(xt, wt, outT, tensor(p, dout, n, f, oh, ow), dxT, dwT, dbT);
            double tol = p == Precision.FLOAT32 ? 1e-4 : 1e-12;
            assertClose(out, outT, tol, "out, " + what);
            assertClose(dx, dxT, tol, "dx, " + what);
            assertClose(dw, dwT, tol, "dW, " + what);
            assertClose(db, dbT, tol, "db, " + what);
        }
    }

    static double[] gaussian(Rng rng, int size) {
        double[] a = new double[size];
        for (int i = 0; i < size; i++) {
            a[i] = rng.nextGaussian();
        }
        return a;
    }

    /** The values rounded to float first for float32, so both sides see the same inputs. */
    static Tensor tensor(Precision p, double[] values, int... shape) {
        Tensor t = Tensor.zeros(p, shape);
        t.setFrom(values);
        return t;
    }

    /** Each element within tol of the reference, relative to the reference's largest magnitude. */
    static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        double scale = 1;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(expected.length == actual.size(), what);
        assertArrayEquals(expected, actual.toDoubleArray(), tol * scale, what);
    }
}
