package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Average pooling, {@code avgpool(size, stride)}: (N, C, H, W) → (N, C, OH, OW) (see {@link PoolWindow}),
 *
 * <pre>
 *   out[n, c, i, j] = (1 / size²) Σ_{di, dj < size} x[n, c, i·stride + di, j·stride + dj]
 *   dx[n, c, h, w]  = (1 / size²) Σ over the windows covering (h, w) of dout[n, c, i, j]
 * </pre>
 *
 * Overlapping windows (stride &lt; size) sum their contributions.
 *
 * <p>The loops use {@link Tensor#get}/{@link Tensor#set}: a raw-array copy per precision measured no faster
 * (the JIT inlines the accessors, and the layer is bound by memory traffic), so one version serves both.
 */
public final class AvgPool implements Operator {

    private final PoolWindow window;

    public AvgPool(Node node, List<Parameter> params, ExecContext ctx) {
        Preconditions.checkArgument(params.isEmpty(), "%s: avgpool has no parameters", node.name());
        this.window = PoolWindow.of(node);
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = inputs[0];
        window.check(x, output);
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = output.dim(2), ow = output.dim(3), k = window.size(), s = window.stride();
        double scale = 1.0 / (k * k);
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    double sum = 0.0;
                    for (int di = 0; di < k; di++) {
                        int row = base + (i * s + di) * w + j * s;
                        for (int dj = 0; dj < k; dj++) {
                            sum += x.get(row + dj);
                        }
                    }
                    output.set(o, sum * scale);
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
        Tensor x = inputs[0];
        window.check(x, dOutput);
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3);
        int oh = dOutput.dim(2), ow = dOutput.dim(3), k = window.size(), s = window.stride();
        double scale = 1.0 / (k * k);
        dx.fill(0.0);
        int o = 0;
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * h * w;
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    double g = dOutput.get(o) * scale;
                    for (int di = 0; di < k; di++) {
                        int row = base + (i * s + di) * w + j * s;
                        for (int dj = 0; dj < k; dj++) {
                            dx.add(row + dj, g);
                        }
                    }
                }
            }
        }
    }
}
