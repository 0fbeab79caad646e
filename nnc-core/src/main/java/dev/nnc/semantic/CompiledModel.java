package dev.nnc.semantic;

import dev.nnc.graph.LayerGraph;
import java.util.List;

/**
 * A checked model: its layer graph, the forward FLOPs per example of each node (same order as the graph's
 * nodes), and the names of all models of the main file (for tools that list them).
 */
public record CompiledModel(LayerGraph graph, List<Long> flops, List<String> modelsInFile) {

    public CompiledModel {
        flops = List.copyOf(flops);
        modelsInFile = List.copyOf(modelsInFile);
    }

    public long totalFlops() {
        return flops.stream().mapToLong(Long::longValue).sum();
    }
}
