package dev.nnc.bench;

import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.semantic.CompiledModel;

/**
 * FLOPs per example of a training step and of an inference pass, from the compiler's per-node forward
 * estimates F (2·multiply-adds for affine and conv, a few per element for the rest).
 *
 * <p>Training counts each node as the interpreter runs it: a node with no trainable parameter at or before
 * it runs forward only (1·F); a node whose inputs need no gradient but which holds a trainable parameter (the
 * first parametric layer) runs forward and its parameter gradient (2·F: for affine and conv, dW costs what
 * the forward costs; the input gradient is skipped); every other node runs forward, parameter and input
 * gradients (3·F). The optimizer update and the loss's targets are not counted: they are O(parameters) and
 * O(classes) per batch, small next to the products.
 */
public record TrainingFlops(long inferencePerExample, long trainingPerExample) {

    public static TrainingFlops of(CompiledModel model) {
        LayerGraph g = model.graph();
        int n = g.nodes().size();
        boolean[] runsBackward = new boolean[n];
        long train = 0;
        long infer = 0;
        for (Node node : g.nodes()) {
            int i = node.id();
            long f = model.flops().get(i);
            boolean inputsNeedGradient = node.inputs().stream().anyMatch(j -> runsBackward[j]);
            runsBackward[i] = inputsNeedGradient || node.trainableParameterCount() > 0;
            infer += f;
            train += f * (inputsNeedGradient ? 3 : runsBackward[i] ? 2 : 1);
        }
        return new TrainingFlops(infer, train);
    }
}
