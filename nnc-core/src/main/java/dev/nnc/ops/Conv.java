package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.graph.Node;
import dev.nnc.ops.kernels.ConvKernel;
import dev.nnc.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * 2-D convolution (cross-correlation, as in CS231n's conv_forward), {@code conv(filters, size, stride, pad)}.
 * Input x (N, C, H, W), weights W (F, C, K, K), bias b (F), zero padding {@code pad}, output
 * (N, F, OH, OW) with OH = ⌊(H + 2·pad − K) / stride⌋ + 1 and likewise OW; xpad is x inside a zero border:
 *
 * <pre>
 *   out[n, f, i, j]   = b[f] + Σ_{c, ki, kj} W[f, c, ki, kj] · xpad[n, c, i·stride + ki, j·stride + kj]
 *   db[f]             = Σ_{n, i, j} dout[n, f, i, j]
 *   dW[f, c, ki, kj]  = Σ_{n, i, j} dout[n, f, i, j] · xpad[n, c, i·stride + ki, j·stride + kj]
 *   dxpad[n, c, y, z] = Σ_{f, i, j, ki, kj: i·stride + ki = y, j·stride + kj = z} dout[n, f, i, j] · W[f, c, ki, kj]
 * </pre>
 *
 * {@link #forwardReference} and {@link #backwardReference} are these sums as plain float64 loops. The network
 * runs {@link ConvKernel} (im2col and GEMM per example, in both precisions, and direct float32 loops for
 * stride 1 and few taps), which ConvKernelTest holds to them.
 */
public final class Conv implements Operator {

    private final Parameter w;
    private final Parameter b;
    private final ConvKernel kernel;

    public Conv(Node node, List<Parameter> params, ExecContext ctx) {
        String name = node.name();
        int filters = node.args().getInt("filters");
        int size = node.args().getInt("size");
        Preconditions.checkArgument(params.size() == 2, "%s: expected params W and b, got %s", name, params.size());
        this.w = params.get(0);
        this.b = params.get(1);
        Tensor wv = w.value();
        Preconditions.checkArgument(wv.rank() == 4 && wv.dim(0) == filters && wv.dim(2) == size
                && wv.dim(3) == size, "%s: W is %s, expected (%s, C, %s, %s)", name, wv, filters, size, size);
        Preconditions.checkArgument(b.value().size() == filters, "%s: b is %s, expected (%s)", name, b.value(),
                filters);
        this.kernel = new ConvKernel(ctx.gemm(), name, filters, size, node.args().getInt("stride"),
                node.args().getInt("pad"));
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        kernel.forward(inputs[0], w.value(), b.value(), output);
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        kernel.backward(inputs[0], w.value(), output, dOutput, dInputs[0], w.grad(), b.grad());
    }

    /** Whether the last call ran on the direct float32 loops (for tests). */
    boolean usesDirectLoops() {
        return kernel.usesDirectLoops();
    }

    /** out = the forward formula, x (n, c, h, wd), w (f, c, k, k), out (n, f, oh, ow). */
    public static void forwardReference(double[] x, double[] w, double[] b, double[] out, int n, int c, int h,
                                        int wd, int f, int k, int stride, int pad) {
        int oh = (h + 2 * pad - k) / stride + 1, ow = (wd + 2 * pad - k) / stride + 1;
        for (int in = 0; in < n; in++) {
            for (int fi = 0; fi < f; fi++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = b[fi];
                        for (int ci = 0; ci < c; ci++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int y = i * stride - pad + ki, z = j * stride - pad + kj;
                                    if (y >= 0 && y < h && z >= 0 && z < wd) {
                                        s += w[((fi * c + ci) * k + ki) * k + kj] * x[((in * c + ci) * h + y) * wd + z];
                                    }
                                }
                            }
                        }
                        out[((in * f + fi) * oh + i) * ow + j] = s;
                    }
                }
            }
        }
    }

    /** dx, dW and db (overwritten; dx may be null) by the backward formulas, shapes as in forwardReference. */
    public static void backwardReference(double[] x, double[] w, double[] dout, double[] dx, double[] dw,
                                         double[] db, int n, int c, int h, int wd, int f, int k, int stride,
                                         int pad) {
        int oh = (h + 2 * pad - k) / stride + 1, ow = (wd + 2 * pad - k) / stride + 1;
        Arrays.fill(dw, 0.0);
        Arrays.fill(db, 0.0);
        if (dx != null) {
            Arrays.fill(dx, 0.0);
        }
        for (int in = 0; in < n; in++) {
            for (int fi = 0; fi < f; fi++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double g = dout[((in * f + fi) * oh + i) * ow + j];
                        db[fi] += g;
                        for (int ci = 0; ci < c; ci++) {
                            for (int ki = 0; ki < k; ki++) {
                                for (int kj = 0; kj < k; kj++) {
                                    int y = i * stride - pad + ki, z = j * stride - pad + kj;
                                    if (y >= 0 && y < h && z >= 0 && z < wd) {
                                        int xi = ((in * c + ci) * h + y) * wd + z, wi = ((fi * c + ci) * k + ki) * k + kj;
                                        dw[wi] += g * x[xi];
                                        if (dx != null) {
                                            dx[xi] += g * w[wi];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
