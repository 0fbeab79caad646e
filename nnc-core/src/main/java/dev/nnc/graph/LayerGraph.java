package dev.nnc.graph;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The compiled model: nodes in topological order, node 0 the {@code input}, the last node the output
 * (a loss layer when the model can train). Immutable; the interpreter binds it to buffers.
 */
public record LayerGraph(String model, List<Node> nodes, TrainConfig train) {

    /** Bumped whenever the JSON form of the graph changes incompatibly (docs/graph-json.md). */
    public static final int SCHEMA_VERSION = 1;

    public LayerGraph {
        Preconditions.checkNotNull(model);
        nodes = List.copyOf(nodes);
        Preconditions.checkArgument(!nodes.isEmpty() && nodes.get(0).op().equals("input"),
                "a graph starts with its input node");
        for (int i = 0; i < nodes.size(); i++) {
            Preconditions.checkArgument(nodes.get(i).id() == i, "node %s has id %s", i, nodes.get(i).id());
        }
        Preconditions.checkNotNull(train);
    }

    public Shape inputShape() {
        return nodes.get(0).shape();
    }

    public Node output() {
        return nodes.get(nodes.size() - 1);
    }

    /** The terminal loss operator, if the model ends in one ({@code softmax}, {@code svm}, {@code mse}). */
    public Optional<String> lossOp() {
        String op = output().op();
        return LOSS_OPS.contains(op) ? Optional.of(op) : Optional.empty();
    }

    /** Whether the output is a classifier over {@code outputShape} classes (softmax or svm). */
    public boolean isClassifier() {
        return lossOp().filter(op -> !op.equals("mse")).isPresent();
    }

    public Stream<ParamSpec> params() {
        return nodes.stream().flatMap(n -> n.params().stream());
    }

    public long trainableParameterCount() {
        return nodes.stream().mapToLong(Node::trainableParameterCount).sum();
    }

    public long nonTrainableParameterCount() {
        return nodes.stream().mapToLong(Node::nonTrainableParameterCount).sum();
    }

    /** The layers that end a model in a loss; each is a layer of the catalogue with an operator that computes it. */
    public static final List<String> LOSS_OPS = List.of("softmax", "svm", "mse");

    /**
     * The operators a {@code residual} block lowers to (its fan-out and its sum): in the operator registry but
     * not layers a .nn file can name.
     */
    public static final String BRANCH_OP = "branch";
    public static final String ADD_OP = "add";
}
