package dev.nnc.semantic;

import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.ModelSource;
import dev.nnc.sweep.SweepSpec;
import java.util.List;
import java.util.Optional;

/**
 * A checked model: its layer graph, the forward FLOPs per example of each node (same order as the graph's
 * nodes), the names of all models of the main file (for tools that list them), its sweep block, checked, and
 * the source it was compiled from (for a checkpoint to carry; empty when the compiler was not asked for it).
 */
public record CompiledModel(LayerGraph graph, List<Long> flops, List<String> modelsInFile, Optional<SweepSpec> sweep,
                            Optional<ModelSource> source) {

    public CompiledModel {
        flops = List.copyOf(flops);
        modelsInFile = List.copyOf(modelsInFile);
    }

    public CompiledModel(LayerGraph graph, List<Long> flops, List<String> modelsInFile) {
        this(graph, flops, modelsInFile, Optional.empty(), Optional.empty());
    }

    /** This model, recording the source it was compiled from. */
    public CompiledModel withSource(ModelSource s) {
        return new CompiledModel(graph, flops, modelsInFile, sweep, Optional.of(s));
    }

    public long totalFlops() {
        return flops.stream().mapToLong(Long::longValue).sum();
    }
}
