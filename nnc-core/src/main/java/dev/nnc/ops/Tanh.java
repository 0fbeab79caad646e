package dev.nnc.ops;

import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/** Hyperbolic tangent, elementwise on any shape: {@code y = tanh x}, {@code dx = dy · (1 - y²)}. */
public final class Tanh implements Operator {

    public Tanh(Node node, List<Parameter> params, ExecContext ctx) {
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("tanh", inputs);
        Elementwise.checkSameSize("tanh", x, output);
        for (int i = 0, n = x.size(); i < n; i++) {
            output.set(i, Math.tanh(x.get(i)));
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Elementwise.checkSameSize("tanh", output, dx);
        for (int i = 0, n = output.size(); i < n; i++) {
            double y = output.get(i);
            dx.set(i, dOutput.get(i) * (1.0 - y * y));
        }
    }
}
