package dev.nnc.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nnc.graph.ParamRole;
import dev.nnc.ops.kernels.BatchNormKernel;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * BatchNormKernel (the float32 raw-array loops) against the float64 reference, the per-element loops of
 * BatchNorm itself: outputs, running statistics, dγ, dβ and dx, after TRAIN and INFER forwards.
 */
class BatchNormKernelTest {

    @ParameterizedTest
    @ValueSource(strings = {"37,5", "6,3,4,5"}) // (N, D) with a partial block of 16 rows; (N, C, H, W)
    void float32LoopsMatchTheFloat64Reference(String dims) {
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
        BatchNormKernel kernel = new BatchNormKernel(0.9, 1e-5, f32[0], f32[1], f32[2], f32[3], dGamma, dBeta);
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
}
