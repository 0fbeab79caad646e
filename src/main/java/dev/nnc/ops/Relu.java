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
 * <p>The loops run on the raw arrays of each precision (no virtual element access), branch-free so the JIT
 * can vectorize them.
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
                d[i] = a[i] > 0 ? dy[i] : 0f;
            }
        } else {
            double[] a = ((F64Tensor) x).data();
            double[] dy = ((F64Tensor) dOutput).data();
            double[] d = ((F64Tensor) dx).data();
            for (int i = 0; i < n; i++) {
                d[i] = a[i] > 0 ? dy[i] : 0.0;
            }
        }
    }
}
