package dev.nnc.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.graph.ParamRole;
import dev.nnc.ops.kernels.BatchNormKernel;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BatchNormKernel (the float32 raw-array loops) against the float64 reference, the per-element loops of
 * BatchNorm itself: outputs, running statistics, dγ, dβ and dx, after TRAIN and INFER forwards; and the same
 * bits from one thread as from three.
 */
class BatchNormKernelTest {

    /**
     * (N, D) with a partial block of 16 rows; (N, C, H, W) with runs of 20 values (a vector block and a
     * tail); and one of 1,681-value runs (several run blocks and a tail) over 67,240 values, split over the
     * threads.
     */
    @ParameterizedTest
    @ValueSource(strings = {"37,5", "6,3,4,5", "5,8,41,41"})
    void float32LoopsMatchTheFloat64Reference(String dims) {
        try (Gemm gemm = Gemm.withThreads(3)) {
            matchesTheReference(dims, gemm);
        }
    }

    private static void matchesTheReference(String dims, Gemm gemm) {
        int[] shape = Arrays.stream(dims.split(",")).mapToInt(Integer::parseInt).toArray();
        int[] example = Arrays.copyOfRange(shape, 1, shape.length);
        int c = shape[1];
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        PointwiseOpFixture.Built ref = PointwiseOpFixture.build("batchnorm", Precision.FLOAT64,
                Map.of("momentum", 0.9, "eps", 1e-5), example,
                new PointwiseOpFixture.Param("gamma", new int[] {c}, ParamRole.SCALE, 1),
                new PointwiseOpFixture.Param("beta", new int[] {c}, ParamRole.SCALE, 0),
                new PointwiseOpFixture.Param("running_mean", new int[] {c}, ParamRole.STATE, 0),
                new PointwiseOpFixture.Param("running_var", new int[] {c}, ParamRole.STATE, 1));
        Rng rng = new Rng(23);
        String[] names = {"gamma", "beta", "running_mean", "running_var"};
        double[][] init = {PointwiseOpFixture.uniform(rng, c, 0.5, 2), PointwiseOpFixture.uniform(rng, c, -1, 1),
                PointwiseOpFixture.uniform(rng, c, -1, 1), PointwiseOpFixture.uniform(rng, c, 0.5, 2)};
        Tensor[] f32 = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            ref.param(names[i]).value().setFrom(init[i]);
            f32[i] = PointwiseOpFixture.tensor(Precision.FLOAT32, new int[] {c}, init[i]);
        }
        Tensor dGamma = Tensor.zeros(Precision.FLOAT32, c);
        Tensor dBeta = Tensor.zeros(Precision.FLOAT32, c);
        BatchNormKernel kernel = new BatchNormKernel(gemm, 0.9, 1e-5, f32[0], f32[1], f32[2], f32[3], dGamma, dBeta);
        for (Mode mode : new Mode[] {Mode.TRAIN, Mode.INFER}) {
            double[] x = PointwiseOpFixture.uniform(rng, size, -3, 3);
            double[] g = PointwiseOpFixture.uniform(rng, size, -1, 1);
            Tensor x64 = PointwiseOpFixture.tensor(Precision.FLOAT64, shape, x);
            Tensor y64 = Tensor.zeros(Precision.FLOAT64, shape);
            Tensor dx64 = Tensor.zeros(Precision.FLOAT64, shape);
            ref.op().forward(new Tensor[] {x64}, y64, mode);
            ref.op().backward(new Tensor[] {x64}, y64, PointwiseOpFixture.tensor(Precision.FLOAT64, shape, g),
                    new Tensor[] {dx64});
            F32Tensor x32 = (F32Tensor) PointwiseOpFixture.tensor(Precision.FLOAT32, shape, x);
            F32Tensor y32 = (F32Tensor) Tensor.zeros(Precision.FLOAT32, shape);
            F32Tensor dx32 = (F32Tensor) Tensor.zeros(Precision.FLOAT32, shape);
            F32Tensor g32 = (F32Tensor) PointwiseOpFixture.tensor(Precision.FLOAT32, shape, g);
            int n = shape[0], s = size / n / c;
            kernel.forward(x32.data(), y32.data(), n, s, mode == Mode.TRAIN);
            kernel.backward(x32.data(), g32.data(), dx32.data(), n, s, mode == Mode.TRAIN);
            String what = mode + " " + dims;
            assertArrayEquals(y64.toDoubleArray(), y32.toDoubleArray(), 1e-5, "y, " + what);
            assertArrayEquals(dx64.toDoubleArray(), dx32.toDoubleArray(), 1e-5, "dx, " + what);
            assertArrayEquals(ref.param("gamma").grad().toDoubleArray(), dGamma.toDoubleArray(), 1e-4, "dγ, " + what);
            assertArrayEquals(ref.param("beta").grad().toDoubleArray(), dBeta.toDoubleArray(), 1e-4, "dβ, " + what);
            assertArrayEquals(ref.param("running_mean").value().toDoubleArray(), f32[2].toDoubleArray(), 1e-6,
                    "running mean, " + what);
            assertArrayEquals(ref.param("running_var").value().toDoubleArray(), f32[3].toDoubleArray(), 1e-6,
                    "running var, " + what);
        }
    }

    /** A large (N, C, H, W) input, whose channels the threads share, gives the same bits on 1 and 3 threads. */
    @Test
    void theThreadCountDoesNotChangeABit() {
        int n = 6;
        int c = 5;
        int s = 47 * 47;
        int size = n * c * s;
        Rng rng = new Rng(5);
        float[] x = floats(PointwiseOpFixture.uniform(rng, size, -3, 3));
        float[] dy = floats(PointwiseOpFixture.uniform(rng, size, -1, 1));
        double[][] init = {PointwiseOpFixture.uniform(rng, c, 0.5, 2), PointwiseOpFixture.uniform(rng, c, -1, 1),
                PointwiseOpFixture.uniform(rng, c, -1, 1), PointwiseOpFixture.uniform(rng, c, 0.5, 2)};
        float[][] results = new float[2][];
        int[] threads = {1, 3};
        for (int t = 0; t < 2; t++) {
            Tensor[] p = new Tensor[6];
            for (int i = 0; i < 6; i++) {
                p[i] = i < 4 ? PointwiseOpFixture.tensor(Precision.FLOAT32, new int[] {c}, init[i])
                        : Tensor.zeros(Precision.FLOAT32, c);
            }
            float[] y = new float[size];
            float[] dx = new float[size];
            try (Gemm gemm = Gemm.withThreads(threads[t])) {
                BatchNormKernel kernel = new BatchNormKernel(gemm, 0.9, 1e-5, p[0], p[1], p[2], p[3], p[4], p[5]);
                kernel.forward(x, y, n, s, true);
                kernel.backward(x, dy, dx, n, s, true);
            }
            float[] all = new float[2 * size + 4 * c];
            System.arraycopy(y, 0, all, 0, size);
            System.arraycopy(dx, 0, all, size, size);
            for (int i = 0; i < 4; i++) {
                System.arraycopy(((F32Tensor) p[i + 2]).data(), 0, all, 2 * size + i * c, c);
            }
            results[t] = all;
        }
        assertArrayEquals(results[0], results[1]);
    }

    /**
     * Values far from zero (1000 ± 1, so Σx² is 10⁶ times the spread): the batch variance, read from the
     * running variance with momentum 0, is within float rounding of the exact variance of the same floats.
     * A one-pass Σx² - (Σx)²/M in float lanes would lose every digit.
     */
    @Test
    void theVarianceOfValuesFarFromZeroIsAccurate() {
        int n = 7;
        int c = 2;
        int s = 13 * 13;
        float[] x = floats(PointwiseOpFixture.uniform(new Rng(8), n * c * s, 999, 1001));
        Tensor[] p = {Tensor.zeros(Precision.FLOAT32, c), Tensor.zeros(Precision.FLOAT32, c),
                Tensor.zeros(Precision.FLOAT32, c), Tensor.zeros(Precision.FLOAT32, c),
                Tensor.zeros(Precision.FLOAT32, c), Tensor.zeros(Precision.FLOAT32, c)};
        try (Gemm gemm = Gemm.withThreads(1)) {
            new BatchNormKernel(gemm, 0.0, 1e-5, p[0], p[1], p[2], p[3], p[4], p[5]).forward(x, new float[x.length],
                    n, s, true);
        }
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < s; k++) {
                    sum += x[(i * c + ch) * s + k];
                }
            }
            double mu = sum / (n * s);
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < s; k++) {
                    double d = x[(i * c + ch) * s + k] - mu;
                    sq += d * d;
                }
            }
            double var = sq / (n * s);
            assertEquals(mu, p[2].get(ch), 1e-6 * mu, "mean of channel " + ch);
            assertEquals(var, p[3].get(ch), 1e-5 * var, "variance of channel " + ch);
        }
    }

    private static float[] floats(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return f;
    }
}
