package dev.nnc.ops;

import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Logistic sigmoid, elementwise on any shape: {@code y = 1 / (1 + e^-x)}, {@code dx = dy · y (1 - y)}.
 * Evaluated so that exp only ever sees a non-positive argument, which cannot overflow: for x < 0 the
 * equivalent form {@code e^x / (1 + e^x)} is used.
 */
public final class Sigmoid implements Operator {

    public Sigmoid(Node node, List<Parameter> params, ExecContext ctx) {
    }

    static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("sigmoid", inputs);
        Elementwise.checkSameSize("sigmoid", x, output);
        for (int i = 0, n = x.size(); i < n; i++) {
            output.set(i, sigmoid(x.get(i)));
        }
    }

    /** Uses the output, so it needs no buffer; in float32 y is the rounded output, as any float32 net. */
    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Elementwise.checkSameSize("sigmoid", output, dx);
        for (int i = 0, n = output.size(); i < n; i++) {
            double y = output.get(i);
            dx.set(i, dOutput.get(i) * y * (1.0 - y));
        }
    }
}
