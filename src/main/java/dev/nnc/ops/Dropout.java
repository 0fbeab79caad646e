package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.exec.ExecContext;
import dev.nnc.exec.Mode;
import dev.nnc.exec.Parameter;
import dev.nnc.exec.Rng;
import dev.nnc.exec.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Inverted dropout (Srivastava et al. 2014) on any shape, {@code p} the probability of DROPPING a unit.
 * TRAIN: each unit is kept with probability 1 - p, so mask m_i = [u_i ≥ p] with u_i uniform in [0, 1), and
 * {@code y = x ⊙ m / (1 - p)}, {@code dx = dy ⊙ m / (1 - p)}; the expected activation is unchanged, so
 * INFER is the identity ({@code dx = dy}). p = 0 is the identity in both modes and draws nothing.
 *
 * <p>The uniforms come from the network's shared generator, one per unit in row-major order, so restoring
 * its state before a forward replays the same mask (the gradient check and resumed runs rely on this).
 * The mask is kept for backward in a buffer that grows only with the batch.
 */
public final class Dropout implements Operator {

    private final double p;
    private final double scale;
    private final Rng rng;
    private boolean[] keep = new boolean[0];
    private boolean masked;

    public Dropout(Node node, List<Parameter> params, ExecContext ctx) {
        this.p = node.args().getDouble("p");
        Preconditions.checkArgument(p >= 0 && p < 1, "dropout p = %s is outside [0, 1)", p);
        this.scale = 1.0 / (1.0 - p);
        this.rng = ctx.rng();
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("dropout", inputs);
        Elementwise.checkSameSize("dropout", x, output);
        masked = mode == Mode.TRAIN && p > 0;
        if (!masked) {
            output.copyFrom(x);
            return;
        }
        int n = x.size();
        if (keep.length < n) {
            keep = new boolean[n];
        }
        for (int i = 0; i < n; i++) {
            boolean k = rng.nextDouble() >= p;
            keep[i] = k;
            output.set(i, k ? x.get(i) * scale : 0.0);
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Elementwise.checkSameSize("dropout", dOutput, dx);
        if (!masked) {
            dx.copyFrom(dOutput);
            return;
        }
        for (int i = 0, n = dx.size(); i < n; i++) {
            dx.set(i, keep[i] ? dOutput.get(i) * scale : 0.0);
        }
    }
}
