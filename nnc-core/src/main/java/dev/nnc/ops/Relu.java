package dev.nnc.ops;

import dev.nnc.graph.Node;
import dev.nnc.ops.kernels.ReluKernel;
import dev.nnc.tensor.Tensor;
import java.util.List;

/**
 * Rectified linear unit, elementwise on any shape: {@code y = max(0, x)}, {@code dx = dy · [x > 0]}.
 * The subgradient at exactly 0 is taken as 0 (as CS231n's relu_backward). A NaN input gives a NaN output
 * and a NaN gradient, so a diverged run is not hidden. {@link #forwardReference} and
 * {@link #backwardReference} are this in plain float64; the network runs {@link ReluKernel} (branch-free
 * raw-array loops, split over the GEMM threads for large tensors), which ReluKernelTest holds to them.
 */
public final class Relu implements Operator {

    private final ReluKernel kernel;

    public Relu(Node node, List<Parameter> params, ExecContext ctx) {
        this.kernel = new ReluKernel(ctx.gemm());
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("relu", inputs);
        Elementwise.checkSameSize("relu", x, output);
        kernel.forward(x, output);
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Tensor x = inputs[0];
        Elementwise.checkSameSize("relu", x, dx);
        kernel.backward(x, dOutput, dx);
    }

    public static void forwardReference(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] > 0 || Double.isNaN(x[i]) ? x[i] : 0.0;
        }
    }

    public static void backwardReference(double[] x, double[] dy, double[] dx) {
        for (int i = 0; i < x.length; i++) {
            dx[i] = x[i] > 0 ? dy[i] : Double.isNaN(x[i]) ? Double.NaN : 0.0;
        }
    }
}
