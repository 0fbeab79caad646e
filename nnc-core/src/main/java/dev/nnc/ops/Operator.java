package dev.nnc.ops;

import dev.nnc.tensor.Tensor;

/**
 * A layer's computation: forward maps input activations to an output activation, backward maps the
 * gradient of the loss with respect to the output to gradients with respect to the inputs and to the
 * operator's own parameters. All tensors are batch-first and owned by the interpreter, which sizes them for
 * the current batch before each call; an operator keeps whatever else it needs between forward and
 * backward (a mask, normalized inputs, im2col columns) in buffers of its own, reused across steps.
 *
 * <p>Gradients are OVERWRITTEN, not accumulated: the interpreter gives a fanned-out value one gradient
 * buffer per consumer and sums them. A {@code dInputs[i]} may be {@code null} when nobody needs it (the
 * gradient with respect to the data); skip that work then.
 */
public interface Operator {

    void forward(Tensor[] inputs, Tensor output, Mode mode);

    void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs);
}
