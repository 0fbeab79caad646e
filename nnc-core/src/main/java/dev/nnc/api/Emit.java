package dev.nnc.api;

import dev.nnc.emit.DotEmitter;
import dev.nnc.emit.Format;
import dev.nnc.emit.GraphJson;
import dev.nnc.emit.SummaryEmitter;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.semantic.CompiledModel;

/** A compiled model as text: what {@code nnc compile --emit} prints, and the figures a run log shows. */
public final class Emit {

    private Emit() {
    }

    /** A table like Keras' {@code model.summary()}: layers, shapes, parameters, FLOPs. */
    public static String summary(CompiledModel model) {
        return SummaryEmitter.emit(model);
    }

    /** The layer graph in the versioned {@code nnc.graph} JSON schema (docs/graph-json.md). */
    public static String graphJson(CompiledModel model) {
        return GraphJson.emit(model);
    }

    /** Graphviz dot text of the layer graph. */
    public static String dot(CompiledModel model) {
        return DotEmitter.emit(model);
    }

    /** An optimizer and its hyperparameters as a .nn file writes it, e.g. {@code adam(lr = 0.001, ...)}. */
    public static String optimizer(OptimizerSpec optimizer) {
        return Format.optimizer(optimizer);
    }

    /** {@code 1 epoch}, {@code 2 epochs}, {@code 1,000 epochs}. */
    public static String count(long n, String noun) {
        return Format.count(n, noun);
    }
}
