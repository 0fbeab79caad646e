package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import java.util.List;

/**
 * {@code branch}: the identity, out = x, dx = dout. It marks where a residual block forks: its output feeds
 * both the block's body and the {@link Add} that closes it, and the interpreter sums the two consumers'
 * gradients into dout before calling backward, so the fan-out needs no code here.
 */
public final class Branch implements Operator {

    private final String name;

    public Branch(Node node, List<Parameter> params, ExecContext ctx) {
        Preconditions.checkArgument(params.isEmpty(), "%s: branch has no parameters", node.name());
        this.name = node.name();
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        Preconditions.checkArgument(output.size() == inputs[0].size(), "%s: output %s for input %s", name, output,
                inputs[0]);
        output.copyFrom(inputs[0]);
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        if (dInputs[0] != null) {
            dInputs[0].copyFrom(dOutput);
        }
    }
}
