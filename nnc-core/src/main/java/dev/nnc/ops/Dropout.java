package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.graph.Node;
import dev.nnc.ops.kernels.DropoutKernel;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import java.util.List;

/**
 * Inverted dropout (Srivastava et al. 2014) on any shape, {@code p} the probability of DROPPING a unit.
 * TRAIN: each unit is kept with probability 1 - p, so mask m_i = [u_i ≥ p] with u_i uniform in [0, 1), and
 * {@code y = x ⊙ m / (1 - p)}, {@code dx = dy ⊙ m / (1 - p)}; the expected activation is unchanged, so
 * INFER is the identity ({@code dx = dy}). p = 0 is the identity in both modes and draws nothing.
 *
 * <p>The uniforms come from the network's shared generator in row-major order, so restoring its state
 * before a forward replays the same mask (the gradient check and resumed runs rely on this); u_i is a 32-bit
 * half of a {@code nextLong}, high half first. {@link #forwardReference} is this in plain float64; the
 * network runs {@link DropoutKernel} (a branch-free mask kept as multipliers), which DropoutKernelTest holds
 * to it.
 */
public final class Dropout implements Operator {

    private final double p;
    private final DropoutKernel kernel;
    private boolean masked;

    public Dropout(Node node, List<Parameter> params, ExecContext ctx) {
        this.p = node.args().getDouble("p");
        Preconditions.checkArgument(p >= 0 && p < 1, "dropout p = %s is outside [0, 1)", p);
        this.kernel = new DropoutKernel(p, ctx.rng());
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
        kernel.forward(x, output);
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
        kernel.backward(dOutput, dx);
    }

    /** The TRAIN forward, y = x ⊙ m / (1 - p), and the multipliers m / (1 - p) into {@code mask} for dx. */
    public static void forwardReference(double[] x, double[] y, double[] mask, double p, Rng rng) {
        long r = 0;
        for (int i = 0; i < x.length; i++) {
            if (i % 2 == 0) {
                r = rng.nextLong();
            }
            long u = i % 2 == 0 ? r >>> 32 : r & 0xFFFF_FFFFL;
            mask[i] = u / 0x1.0p32 >= p ? 1.0 / (1.0 - p) : 0.0;
            y[i] = x[i] * mask[i];
        }
    }
}
