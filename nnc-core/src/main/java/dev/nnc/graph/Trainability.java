package dev.nnc.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether gradient descent can train a graph, apart from having a loss: a {@code step} layer has no gradient
 * (its derivative is 0 wherever it exists, so nothing before it would ever change), and weights written in the
 * file ({@code affine(1, w = [[0.5], [0.5]])}) are fixed unless marked {@code trainable = true}. Training and
 * the gradient check both ask this first, so a perceptron is refused with the reason, not a silent no-op.
 */
public final class Trainability {

    private Trainability() {
    }

    /** Why {@code graph} cannot be trained, in words for the user; empty when it can. */
    public static Optional<String> refusal(LayerGraph graph) {
        List<String> reasons = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (n.op().equals("step")) {
                reasons.add(n.name() + " (" + n.span().file() + ":" + n.span().line()
                        + "): step has no gradient (its derivative is 0 wherever it exists); use sigmoid or relu "
                        + "in a model you train");
            }
            List<String> fixed = n.params().stream().filter(p -> p.role() == ParamRole.FIXED)
                    .map(ParamSpec::localName).toList();
            if (!fixed.isEmpty()) {
                reasons.add(n.name() + " (" + n.span().file() + ":" + n.span().line() + "): "
                        + String.join(" and ", fixed) + (fixed.size() == 1 ? " is" : " are")
                        + " written in the file and fixed; add trainable = true to train them");
            }
        }
        long trainable = graph.nodes().stream().mapToLong(Node::trainableParameterCount).sum();
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        if (trainable == 0) {
            reasons.add("nothing is left to train: the model has no trainable parameters");
        }
        return Optional.of("model " + graph.model() + " cannot be trained:\n  " + String.join("\n  ", reasons));
    }
}
