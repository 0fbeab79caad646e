package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Multiclass SVM (Weston–Watkins hinge), the terminal layer over K classes (K = all of an example's
 * elements). Forward passes the scores s through unchanged.
 *
 * <pre>
 * loss:     L = (1/N) Σ_i Σ_{j ≠ y_i} max(0, s_ij - s_i,y_i + margin)
 * backward: ds_ij = [s_ij - s_i,y_i + margin > 0] / N for j ≠ y_i,
 *           ds_i,y_i = -(number of j ≠ y_i with a positive margin) / N
 * </pre>
 *
 * Backward recomputes the margins from the output (the scores), so it keeps no mask. At a margin of exactly
 * 0 the subgradient 0 is taken, as in CS231n's svm_loss. Backward ignores {@code dOutput}.
 */
public final class Svm implements LossOperator {

    private final double margin;
    private Targets targets;

    public Svm(Node node, List<Parameter> params, ExecContext ctx) {
        this.margin = node.args().getDouble("margin");
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("svm", inputs);
        Elementwise.checkSameSize("svm", x, output);
        output.copyFrom(x);
    }

    @Override
    public double loss(Tensor[] inputs, Tensor scores, Targets targets) {
        int n = scores.dim(0);
        int k = scores.rowSize();
        LossTargets.checkLabels("svm", targets, n, k);
        LossTargets.checkUnsmoothed("svm", targets);
        this.targets = targets;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            int base = i * k;
            int y = targets.label(i);
            double correct = scores.get(base + y);
            for (int j = 0; j < k; j++) {
                if (j != y) {
                    sum += Math.max(0.0, scores.get(base + j) - correct + margin);
                }
            }
        }
        return sum / n;
    }

    @Override
    public void backward(Tensor[] inputs, Tensor scores, Tensor dOutput, Tensor[] dInputs) {
        Preconditions.checkState(targets != null, "svm backward before loss");
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Elementwise.checkSameSize("svm", scores, dx);
        int n = scores.dim(0);
        int k = scores.rowSize();
        double invN = 1.0 / n;
        for (int i = 0; i < n; i++) {
            int base = i * k;
            int y = targets.label(i);
            double correct = scores.get(base + y);
            int positive = 0;
            for (int j = 0; j < k; j++) {
                boolean active = j != y && scores.get(base + j) - correct + margin > 0;
                dx.set(base + j, active ? invN : 0.0);
                if (active) {
                    positive++;
                }
            }
            dx.set(base + y, -positive * invN);
        }
    }
}
