package dev.nnc.semantic;

import dev.nnc.graph.LayerGraph;
import dev.nnc.sweep.SweepSpec;
import java.util.List;
import java.util.Optional;

/**
 * A checked model: its layer graph, the forward FLOPs per example of each node (same order as the graph's
 * nodes), the names of all models of the main file (for tools that list them), and its sweep block, checked.
 */
public record CompiledModel(LayerGraph graph, List<Long> flops, List<String> modelsInFile, Optional<SweepSpec> sweep) {

    public CompiledModel {
        flops = List.copyOf(flops);
        modelsInFile = List.copyOf(modelsInFile);
    }

    public CompiledModel(LayerGraph graph, List<Long> flops, List<String> modelsInFile) {
        this(graph, flops, modelsInFile, Optional.empty());
    }

    public long totalFlops() {
        return flops.stream().mapToLong(Long::longValue).sum();
    }
}
