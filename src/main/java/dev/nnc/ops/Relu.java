package dev.nnc.ops;

import dev.nnc.exec.ExecContext;
import dev.nnc.exec.Mode;
import dev.nnc.exec.Parameter;
import dev.nnc.exec.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Rectified linear unit, elementwise on any shape: {@code y = max(0, x)}, {@code dx = dy · [x > 0]}.
 * The subgradient at exactly 0 is taken as 0 (as CS231n's relu_backward).
 */
public final class Relu implements Operator {

    public Relu(Node node, List<Parameter> params, ExecContext ctx) {
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("relu", inputs);
        Elementwise.checkSameSize("relu", x, output);
        for (int i = 0, n = x.size(); i < n; i++) {
            double v = x.get(i);
            output.set(i, v > 0 ? v : 0.0);
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Tensor x = inputs[0];
        Elementwise.checkSameSize("relu", x, dx);
        for (int i = 0, n = x.size(); i < n; i++) {
            dx.set(i, x.get(i) > 0 ? dOutput.get(i) : 0.0);
        }
    }
}
