package dev.nnc.emit;

import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.tensor.Precision;
import dev.nnc.semantic.CompiledModel;

/**
 * The totals a summary and the JSON graph report, computed once from the graph.
 *
 * @param trainableParams     elements the optimizer updates (weights, biases, norm scales)
 * @param nonTrainableParams  elements it does not (batchnorm running mean and variance)
 * @param flopsPerExample     forward FLOPs of one example, the sum of the compiler's per-node estimates
 * @param bytesPerValue       4 for float32, 8 for float64: the train block's precision
 * @param parameterBytes      every parameter element, trainable or not, at that precision
 * @param batchSize           the training batch size the activation figure is for
 * @param activationBytes     forward activations of every node (the input included) plus the gradient of
 *                            every node's output except the input's, for one batch: what the interpreter
 *                            holds for a training step, not counting per-operator scratch (im2col, masks)
 */
public record ModelStats(long trainableParams, long nonTrainableParams, long flopsPerExample, int bytesPerValue,
                         long parameterBytes, int batchSize, long activationBytes) {

    public static ModelStats of(CompiledModel model) {
        LayerGraph g = model.graph();
        int bytes = g.train().precision() == Precision.FLOAT64 ? 8 : 4;
        int batch = g.train().batchSize();
        long trainable = g.trainableParameterCount();
        long fixed = g.nonTrainableParameterCount();
        long values = 0;
        for (Node n : g.nodes()) {
            values += n.shape().size() * (n.id() == 0 ? 1 : 2);
        }
        return new ModelStats(trainable, fixed, model.totalFlops(), bytes, (trainable + fixed) * bytes, batch,
                values * batch * bytes);
    }

    public long totalParams() {
        return trainableParams + nonTrainableParams;
    }
}
