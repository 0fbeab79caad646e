package dev.nnc.ops;

import dev.nnc.exec.ExecContext;
import dev.nnc.exec.F32Tensor;
import dev.nnc.exec.F64Tensor;
import dev.nnc.exec.Mode;
import dev.nnc.exec.Parameter;
import dev.nnc.exec.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * Rectified linear unit, elementwise on any shape: {@code y = max(0, x)}, {@code dx = dy · [x > 0]}.
 * The subgradient at exactly 0 is taken as 0 (as CS231n's relu_backward). A NaN input gives a NaN output,
 * so a diverged run is not hidden.
 *
 * <p>The loops run on the raw arrays of each precision (no virtual element access) and are branch-free: a
 * conv layer's relu has about as many positive as negative inputs, so a branch per element mispredicts
 * half the time. Backward multiplies dy by the step [x > 0] computed as min(max(x, 0)·2^K, 1), with 2^K
 * large enough to lift the smallest positive subnormal to at least 1 (and a NaN input gives NaN); the JIT
 * vectorizes max, min and multiply.
 */
public final class Relu implements Operator {

    public Relu(Node node, List<Parameter> params, ExecContext ctx) {
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor x = Elementwise.only("relu", inputs);
        Elementwise.checkSameSize("relu", x, output);
        int n = x.size();
        if (x instanceof F32Tensor fx) {
            float[] a = fx.data();
            float[] y = ((F32Tensor) output).data();
            for (int i = 0; i < n; i++) {
                y[i] = Math.max(a[i], 0f);
            }
        } else {
            double[] a = ((F64Tensor) x).data();
            double[] y = ((F64Tensor) output).data();
            for (int i = 0; i < n; i++) {
                y[i] = Math.max(a[i], 0.0);
            }
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        Tensor dx = dInputs[0];
        if (dx == null) {
            return;
        }
        Tensor x = inputs[0];
        Elementwise.checkSameSize("relu", x, dx);
        int n = x.size();
        if (x instanceof F32Tensor fx) {
            float[] a = fx.data();
            float[] dy = ((F32Tensor) dOutput).data();
            float[] d = ((F32Tensor) dx).data();
            for (int i = 0; i < n; i++) {
                // 2^100 · 2^49 = 2^149 takes 2^-149 to 1 (two steps: 2^149 is not a float); bigger x overflows to ∞.
                d[i] = dy[i] * Math.min(Math.max(a[i], 0f) * 0x1p100f * 0x1p49f, 1f);
            }
        } else {
            double[] a = ((F64Tensor) x).data();
            double[] dy = ((F64Tensor) dOutput).data();
            double[] d = ((F64Tensor) dx).data();
            for (int i = 0; i < n; i++) {
                // 2^600 · 2^474 = 2^1074 takes the smallest subnormal, 2^-1074, to 1.
                d[i] = dy[i] * Math.min(Math.max(a[i], 0.0) * 0x1p600 * 0x1p474, 1.0);
            }
        }
    }
}
