package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.exec.ExecContext;
import dev.nnc.exec.Mode;
import dev.nnc.exec.Parameter;
import dev.nnc.exec.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Max pooling, {@code maxpool(size, stride)}: (N, C, H, W) → (N, C, OH, OW) (see {@link PoolWindow}),
 *
 * <pre>
 *   out[n, c, i, j] = max_{di, dj < size} x[n, c, i·stride + di, j·stride + dj]
 *   dx[n, c, h, w]  = Σ over the windows whose argmax is (h, w) of dout[n, c, i, j]
 * </pre>
 *
 * The gradient goes to the FIRST maximum of each window in row-major order (ties are not split), found in
 * forward and remembered for backward. A NaN in a window propagates, so divergence is not hidden.
 *
 * <p>The loops use {@link Tensor#get}/{@link Tensor#set}: a raw-array copy per precision measured no faster
 * (the JIT inlines the accessors, and the layer is bound by memory traffic), so one version serves both.
 */
public final class MaxPool implements Operator {

    private final PoolWindow window;
    private int[] argmax = new int[0]; // flat input index of each output's maximum, from the last forward
    private int outputs;               // how many entries of argmax the last forward wrote

    public MaxPool(Node node, List<Parameter> params, ExecContext ctx) {
        Preconditions.checkArgument(params.isEmpty(), "%s: maxpool has no parameters", node.name());
        this.window = PoolWindow.of(node);
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = inputs[0];
        window.check(x, output);
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = output.dim(2), ow = output.dim(3), k = window.size(), s = window.stride();
        if (argmax.length < output.size()) {
            argmax = new int[output.size()];
        }
        outputs = output.size();
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    int best = base + i * s * w + j * s;
                    double max = x.get(best);
                    for (int di = 0; di < k; di++) {
                        int row = base + (i * s + di) * w + j * s;
                        for (int dj = 0; dj < k; dj++) {
                            double v = x.get(row + dj);
                            if (v > max || (v != v && max == max)) {
                                max = v;
                                best = row + dj;
                            }
                        }
                    }
                    output.set(o, max);
                    argmax[o] = best;
                }
            }
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Preconditions.checkState(outputs == dOutput.size(), "maxpool backward of %s outputs after a forward of %s",
                dOutput.size(), outputs);
        dx.fill(0.0);
        for (int o = 0; o < outputs; o++) {
            dx.add(argmax[o], dOutput.get(o));
        }
    }
}
