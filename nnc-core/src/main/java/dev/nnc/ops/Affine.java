package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.simd.Simd;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Fully connected layer, {@code affine(units, init, bias)} (CS231n affine_forward / affine_backward).
 * An input of shape (N, d1, ..., dk) is read as the matrix X (N, D) with D = d1···dk; a row-major
 * (N, C, H, W) tensor already is that matrix, so flattening costs nothing.
 *
 * <pre>
 *   out = X·W + b          (N, units)
 *   dX  = dout·Wᵀ          (N, D), written in the input's layout; skipped when not needed
 *   dW  = Xᵀ·dout          (D, units)
 *   db  = Σ_n dout[n, :]   (units)
 * </pre>
 *
 * Params, in order: {@code W} (D, units), then {@code b} (units) when {@code bias} is true. Every product
 * goes through {@link Gemm}.
 */
public final class Affine implements Operator {

    /** The network's GEMM session: its kernel, threads and pool. */
    private final Gemm gemm;
    private final String name;
    private final int units;
    private final Parameter w;
    private final Parameter b; // null without bias
    /** float32 bias gradient: the column sums in double and their float scratch, one entry per unit. */
    private final double[] dbSum;
    private final float[] dbPart;

    public Affine(Node node, List<Parameter> params, ExecContext ctx) {
        this.gemm = ctx.gemm();
        this.name = node.name();
        this.units = node.args().getInt("units");
        boolean bias = node.args().has("bias") ? node.args().getBoolean("bias") : params.size() == 2;
        Preconditions.checkArgument(params.size() == (bias ? 2 : 1), "%s: bias = %s but %s params", name, bias,
                params.size());
        this.w = params.get(0);
        this.b = bias ? params.get(1) : null;
        Preconditions.checkArgument(w.value().rank() == 2 && w.value().dim(1) == units,
                "%s: W is %s, expected (D, %s)", name, w.value(), units);
        Preconditions.checkArgument(b == null || b.value().size() == units, "%s: b is %s, expected (%s)", name,
                b == null ? null : b.value(), units);
        this.dbSum = bias ? new double[units] : null;
        this.dbPart = bias ? new float[units] : null;
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        int d = checkInput(x, output);
        if (b == null) {
            gemm.gemm(false, false, n, units, d, 1.0, x, w.value(), 0.0, output);
            return;
        }
        // Broadcast b into every row, then accumulate X·W on top (beta = 1): one pass fewer than adding after.
        Tensor bv = b.value();
        if (bv instanceof F32Tensor fb && output instanceof F32Tensor fo) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(fb.data(), 0, fo.data(), i * units, units);
            }
        } else {
            for (int i = 0; i < n; i++) {
                int row = i * units;
                for (int j = 0; j < units; j++) {
                    output.set(row + j, bv.get(j));
                }
            }
        }
        gemm.gemm(false, false, n, units, d, 1.0, x, w.value(), 1.0, output);
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor x = inputs[0];
        int n = x.dim(0);
        int d = checkInput(x, output);
        gemm.gemm(true, false, d, units, n, 1.0, x, dOutput, 0.0, w.grad());
        if (b != null) {
            Tensor db = b.grad();
            if (dOutput instanceof F32Tensor fd) {
                // Column sums on the vector loops, in double across 16-row float blocks.
                Simd.columnSums(fd.data(), n, units, null, dbSum, dbPart);
                for (int j = 0; j < units; j++) {
                    db.set(j, dbSum[j]);
                }
            } else {
                db.fill(0.0);
                for (int i = 0; i < n; i++) {
                    int row = i * units;
                    for (int j = 0; j < units; j++) {
                        db.add(j, dOutput.get(row + j));
                    }
                }
            }
        }
        if (dInputs[0] != null) {
            gemm.gemm(false, true, n, d, units, 1.0, dOutput, w.value(), 0.0, dInputs[0]);
        }
    }

    /** D, after checking that the input's example size matches W and the output is (N, units). */
    private int checkInput(Tensor x, Tensor output) {
        // Plain ifs rather than Preconditions: these run every step, and boxing the ints would allocate.
        int d = x.rowSize();
        if (d != w.value().dim(0)) {
            throw new IllegalArgumentException(String.format("%s: input %s has %s features per example but W is %s",
                    name, x, d, w.value()));
        }
        if (output.dim(0) != x.dim(0) || output.rowSize() != units) {
            throw new IllegalArgumentException(String.format("%s: output %s for input %s, expected (%s, %s)", name,
                    output, x, x.dim(0), units));
        }
        return d;
    }
}
