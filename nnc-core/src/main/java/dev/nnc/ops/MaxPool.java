package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.graph.Node;
import dev.nnc.ops.kernels.MaxPoolKernel;
import dev.nnc.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Max pooling, {@code maxpool(size, stride)}: (N, C, H, W) → (N, C, OH, OW) (see {@link PoolWindow}),
 *
 * <pre>
 *   out[n, c, i, j] = max_{di, dj < size} x[n, c, i·stride + di, j·stride + dj]
 *   dx[n, c, h, w]  = Σ over the windows whose argmax is (h, w) of dout[n, c, i, j]
 * </pre>
 *
 * The gradient goes to the FIRST maximum of each window in row-major order (ties are not split). A NaN in a
 * window propagates, so divergence is not hidden, and its gradient goes to the window's first NaN.
 * {@link #forwardReference} and {@link #backwardReference} are this as plain float64 loops; the network
 * runs {@link MaxPoolKernel} (branch-free raw-array loops over pieces of planes on the GEMM threads, and
 * recorded choices for 2 x 2 float32 windows), which MaxPoolKernelTest holds to them.
 */
public final class MaxPool implements Operator {

    private final PoolWindow window;
    private final MaxPoolKernel kernel;

    public MaxPool(Node node, List<Parameter> params, ExecContext ctx) {
        Preconditions.checkArgument(params.isEmpty(), "%s: maxpool has no parameters", node.name());
        this.window = PoolWindow.of(node);
        this.kernel = new MaxPoolKernel(ctx.gemm(), window.size(), window.stride());
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        window.check(inputs[0], output);
        kernel.forward(inputs[0], output, mode == Mode.TRAIN);
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        window.check(inputs[0], output);
        Preconditions.checkState(output.size() == dOutput.size(), "maxpool: gradient %s for output %s", dOutput,
                output);
        kernel.backward(inputs[0], output, dOutput, dx);
    }

    /** out (planes, oh, ow) = the windows' maxima of x (planes, h, w), planes = N·C. */
    public static void forwardReference(double[] x, double[] out, int planes, int h, int w, int size, int stride) {
        int oh = (h - size) / stride + 1, ow = (w - size) / stride + 1;
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    out[(p * oh + i) * ow + j] = x[firstMax(x, p, i, j, h, w, size, stride)];
                }
            }
        }
    }

    /** dx (overwritten) = each dout added to its window's first maximum (or first NaN) in x. */
    public static void backwardReference(double[] x, double[] dout, double[] dx, int planes, int h, int w,
                                         int size, int stride) {
        int oh = (h - size) / stride + 1, ow = (w - size) / stride + 1;
        Arrays.fill(dx, 0.0);
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    dx[firstMax(x, p, i, j, h, w, size, stride)] += dout[(p * oh + i) * ow + j];
                }
            }
        }
    }

    /** The index in x of window (i, j)'s first NaN, else its first maximum, in row-major order. */
    private static int firstMax(double[] x, int p, int i, int j, int h, int w, int size, int stride) {
        int best = -1;
        for (int di = 0; di < size; di++) {
            for (int dj = 0; dj < size; dj++) {
                int at = (p * h + i * stride + di) * w + j * stride + dj;
                if (Double.isNaN(x[at])) {
                    return at;
                }
                if (best < 0 || x[at] > x[best]) {
                    best = at;
                }
            }
        }
        return best;
    }
}
