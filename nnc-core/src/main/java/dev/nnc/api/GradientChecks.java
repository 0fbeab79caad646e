package dev.nnc.api;

import dev.nnc.exec.GradientCheck;
import dev.nnc.exec.Network;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.tensor.Precision;
import dev.nnc.ops.OperatorRegistry;
import dev.nnc.tensor.Rng;
import java.util.List;
import java.util.Optional;

/**
 * Every parameter's and the input's gradient against centred differences, in float64, on a random batch
 * (docs/interpreter.md): what {@code nnc gradcheck} runs.
 */
public final class GradientChecks {

    private GradientChecks() {
    }

    /** One checked tensor: its name, shape, how many entries were compared, and the largest relative error. */
    public record TensorResult(String name, List<Integer> shape, int entriesChecked, double maxRelativeError) {
        public TensorResult {
            shape = List.copyOf(shape);
        }
    }

    /** Every tensor's result and the largest relative error over all of them. */
    public record Report(List<TensorResult> tensors, double loss, double maxRelativeError) {
        public Report {
            tensors = List.copyOf(tensors);
        }

        public boolean passes(double tolerance) {
            return maxRelativeError < tolerance;
        }
    }

    /** Why this graph cannot be checked, in words for the user; empty when it can. */
    public static Optional<String> cannotCheck(LayerGraph graph) {
        Optional<String> untrainable = dev.nnc.graph.Trainability.refusal(graph);
        if (untrainable.isPresent()) {
            return untrainable;
        }
        if (graph.lossOp().isEmpty()) {
            return Optional.of("model " + graph.model() + " has no loss layer, so there is no loss to check the "
                    + "gradient of; end it with softmax, svm or mse");
        }
        for (Node n : graph.nodes()) {
            if (n.id() > 0 && OperatorRegistry.lookup(n.op()).isEmpty()) {
                return Optional.of("layer " + n.name() + " uses operator '" + n.op()
                        + "', which this build of nnc cannot run yet");
            }
        }
        return Optional.empty();
    }

    /**
     * Checks {@code graph} with weights, a batch of {@code batch} examples and {@code samples} entries per
     * tensor, all drawn from {@code seed}.
     */
    public static Report run(LayerGraph graph, int batch, int samples, long seed) {
        Rng seeds = new Rng(seed);
        Network net = new Network(graph, Precision.FLOAT64, seeds.nextLong());
        GradientCheck.Batch data = GradientCheck.randomBatch(graph, Precision.FLOAT64, batch, seeds.nextLong());
        GradientCheck.Report r = GradientCheck.run(net, data.input(), data.targets(), samples, seeds.nextLong());
        return new Report(r.tensors().stream()
                .map(t -> new TensorResult(t.name(), t.shape(), t.entriesChecked(), t.maxRelativeError())).toList(),
                r.loss(), r.maxRelativeError());
    }
}
