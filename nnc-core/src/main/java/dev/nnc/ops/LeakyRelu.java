package dev.nnc.ops;

import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Leaky ReLU with slope {@code alpha} for negative inputs, elementwise on any shape:
 * {@code y = x > 0 ? x : alpha·x}, {@code dx = dy · (x > 0 ? 1 : alpha)}.
 */
public final class LeakyRelu implements Operator {

    private final double alpha;

    public LeakyRelu(Node node, List<Parameter> params, ExecContext ctx) {
        this.alpha = node.args().getDouble("alpha");
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("leakyRelu", inputs);
        Elementwise.checkSameSize("leakyRelu", x, output);
        for (int i = 0, n = x.size(); i < n; i++) {
            double v = x.get(i);
            output.set(i, v > 0 ? v : alpha * v);
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Tensor x = inputs[0];
        Elementwise.checkSameSize("leakyRelu", x, dx);
        for (int i = 0, n = x.size(); i < n; i++) {
            double g = dOutput.get(i);
            dx.set(i, x.get(i) > 0 ? g : alpha * g);
        }
    }
}
