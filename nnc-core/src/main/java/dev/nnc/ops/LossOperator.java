package dev.nnc.ops;

import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;

/**
 * A terminal layer (softmax, svm, mse). Forward writes the model's output (probabilities, scores, values);
 * {@link #loss} then scores that output against targets and remembers them, so that {@code backward}
 * (called with a null {@code dOutput}) can write d(mean loss)/d(input).
 */
public interface LossOperator extends Operator {

    /** The mean loss over the batch of the output forward just computed. */
    double loss(Tensor[] inputs, Tensor output, Targets targets);
}
