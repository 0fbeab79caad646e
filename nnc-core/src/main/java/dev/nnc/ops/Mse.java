package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Mean squared error, the terminal layer for regression. Forward is the identity; with N·D the number of
 * output elements and t the target values:
 *
 * <pre>
 * loss:     L = (1/(N·D)) Σ (y - t)²
 * backward: dx = 2 (y - t) / (N·D)
 * </pre>
 *
 * Backward ignores {@code dOutput}.
 */
public final class Mse implements LossOperator {

    private Targets targets;

    public Mse(Node node, List<Parameter> params, ExecContext ctx) {
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("mse", inputs);
        Elementwise.checkSameSize("mse", x, output);
        output.copyFrom(x);
    }

    @Override
    public double loss(Tensor[] inputs, Tensor output, Targets targets) {
        LossTargets.checkValues("mse", targets, output);
        this.targets = targets;
        Tensor t = targets.values();
        double sum = 0;
        for (int i = 0, n = output.size(); i < n; i++) {
            double d = output.get(i) - t.get(i);
            sum += d * d;
        }
        return sum / output.size();
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Preconditions.checkState(targets != null, "mse backward before loss");
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Elementwise.checkSameSize("mse", output, dx);
        Tensor t = targets.values();
        double scale = 2.0 / output.size();
        for (int i = 0, n = output.size(); i < n; i++) {
            dx.set(i, scale * (output.get(i) - t.get(i)));
        }
    }
}
