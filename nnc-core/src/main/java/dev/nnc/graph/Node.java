package dev.nnc.graph;

import com.google.common.base.Preconditions;
import dev.nnc.diag.SourceSpan;
import java.util.List;

/**
 * One operator in the layer graph.
 *
 * @param id       position in the graph's topological order (node 0 is the input)
 * @param name     unique, readable: {@code affine_1}, {@code batchnorm_2}, {@code add_1}
 * @param op       operator name in the catalogue: {@code affine}, {@code conv}, {@code branch}, {@code add}...
 * @param args     resolved arguments, defaults included
 * @param inputs   ids of the nodes feeding this one, in operand order
 * @param shape    the output shape of one example
 * @param params   parameter tensors this node owns
 * @param span     where in the source the layer was written
 */
public record Node(int id, String name, String op, LayerArgs args, List<Integer> inputs, Shape shape,
                   List<ParamSpec> params, SourceSpan span) {

    public Node {
        Preconditions.checkArgument(id >= 0);
        Preconditions.checkNotNull(name);
        Preconditions.checkNotNull(op);
        Preconditions.checkNotNull(args);
        inputs = List.copyOf(inputs);
        Preconditions.checkNotNull(shape);
        params = List.copyOf(params);
        Preconditions.checkNotNull(span);
        for (int in : inputs) {
            Preconditions.checkArgument(in < id, "node %s takes input %s, which is not before it", id, in);
        }
    }

    /** Count of trainable parameter elements. */
    public long trainableParameterCount() {
        return params.stream().filter(p -> p.role().trainable()).mapToLong(p -> p.shape().size()).sum();
    }

    public long nonTrainableParameterCount() {
        return params.stream().filter(p -> !p.role().trainable()).mapToLong(p -> p.shape().size()).sum();
    }
}
