package dev.nnc.ops;

import dev.nnc.graph.LayerGraph;
import java.util.Map;

/**
 * Registers this group's operators with {@link OperatorRegistry}: the layers with weights shaped by their
 * input (affine, conv), pooling, and the plumbing that reshapes or routes activations (flatten, and the
 * branch/add pair a {@code residual} block lowers to). Names are the catalogue's canonical ones; aliases
 * ({@code dense}, {@code conv2d}...) are resolved by the front end before a node is built.
 */
final class LinearAndPoolingOps {

    private LinearAndPoolingOps() {
    }

    static void registerAll(Map<String, OperatorFactory> registry) {
        registry.put("affine", Affine::new);
        registry.put("conv", Conv::new);
        registry.put("maxpool", MaxPool::new);
        registry.put("avgpool", AvgPool::new);
        registry.put("flatten", Flatten::new);
        registry.put(LayerGraph.BRANCH_OP, Branch::new);
        registry.put(LayerGraph.ADD_OP, Add::new);
    }
}
