package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.Arrays;
import java.util.List;

/**
 * {@code add}: closes a residual block, out = a + b for two inputs of the same shape; da = db = dout.
 */
public final class Add implements Operator {

    private final String name;

    public Add(Node node, List<Parameter> params, ExecContext ctx) {
        Preconditions.checkArgument(params.isEmpty(), "%s: add has no parameters", node.name());
        Preconditions.checkArgument(node.inputs().size() == 2, "%s: add takes 2 inputs, got %s", node.name(),
                node.inputs().size());
        this.name = node.name();
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Tensor a = inputs[0];
        Tensor b = inputs[1];
        Preconditions.checkArgument(Arrays.equals(a.shape(), b.shape()) && output.size() == a.size(),
                "%s: cannot add %s and %s into %s", name, a, b, output);
        int n = a.size();
        if (a instanceof F32Tensor af && b instanceof F32Tensor bf && output instanceof F32Tensor of) {
            float[] x = af.data(), y = bf.data(), z = of.data();
            for (int i = 0; i < n; i++) {
                z[i] = x[i] + y[i];
            }
        } else if (a instanceof F64Tensor af && b instanceof F64Tensor bf && output instanceof F64Tensor of) {
            double[] x = af.data(), y = bf.data(), z = of.data();
            for (int i = 0; i < n; i++) {
                z[i] = x[i] + y[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                output.set(i, a.get(i) + b.get(i));
            }
        }
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        for (Tensor d : dInputs) {
            if (d != null) {
                d.copyFrom(dOutput);
            }
        }
    }
}
