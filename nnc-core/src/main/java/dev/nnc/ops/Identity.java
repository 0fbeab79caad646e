package dev.nnc.ops;

import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/** The identity, on any shape: {@code y = x}, {@code dx = dy}. */
public final class Identity implements Operator {

    public Identity(Node node, List<Parameter> params, ExecContext ctx) {
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("identity", inputs);
        Elementwise.checkSameSize("identity", x, output);
        output.copyFrom(x);
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Elementwise.checkSameSize("identity", dOutput, dx);
        dx.copyFrom(dOutput);
    }
}
