package dev.nnc.ops;

import dev.nnc.graph.Node;
import dev.nnc.tensor.Tensor;
import java.util.List;

/**
 * Heaviside step, elementwise on any shape: {@code y = [x > 0]} (1 or 0), the perceptron's activation
 * ("Deep Learning from Scratch" §2). Its derivative is 0 wherever it exists, so backward writes
 * {@code dx = 0}: nothing upstream could learn through it, which is why the trainer refuses models that
 * contain it. A NaN input gives a NaN output, so a diverged input is not hidden.
 */
public final class Step implements Operator {

    public Step(Node node, List<Parameter> params, ExecContext ctx) {
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("step", inputs);
        Elementwise.checkSameSize("step", x, output);
        for (int i = 0, n = x.size(); i < n; i++) {
            double v = x.get(i);
            output.set(i, Double.isNaN(v) ? Double.NaN : v > 0 ? 1.0 : 0.0);
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Elementwise.checkSameSize("step", output, dx);
        dx.fill(0.0);
    }
}
