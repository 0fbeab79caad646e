package dev.nnc.ops.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.ops.Dropout;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DropoutKernel's branch-free mask against the float64 reference of ops/Dropout.java. */
class DropoutKernelTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.9})
    void maskAndProductsMatchTheReference(double p) {
        int size = 1001; // odd: the last unit takes the high half of a draw of its own
        Rng data = new Rng(29);
        double[] x = ConvKernelTest.gaussian(data, size);
        double[] dy = ConvKernelTest.gaussian(data, size);
        double[] y = new double[size];
        double[] mask = new double[size];
        Dropout.forwardReference(x, y, mask, p, new Rng(31));
        double[] dx = new double[size];
        int dropped = 0;
        for (int i = 0; i < size; i++) {
            dx[i] = dy[i] * mask[i];
            dropped += mask[i] == 0 ? 1 : 0;
        }
        assertTrue(Math.abs(dropped - p * size) < 5 * Math.sqrt(size * p * (1 - p)), dropped + " dropped");
        for (Precision prec : Precision.values()) {
            DropoutKernel kernel = new DropoutKernel(p, new Rng(31));
            Tensor yt = Tensor.zeros(prec, size);
            Tensor dxt = Tensor.zeros(prec, size);
            kernel.forward(ConvKernelTest.tensor(prec, x, size), yt);
            kernel.backward(ConvKernelTest.tensor(prec, dy, size), dxt);
            double tol = prec == Precision.FLOAT32 ? 1e-6 * (1 / (1 - p)) * 5 : 0.0;
            assertArrayEquals(y, yt.toDoubleArray(), tol, "y, " + prec.label());
            assertArrayEquals(dx, dxt.toDoubleArray(), tol, "dx, " + prec.label());
        }
    }
}
