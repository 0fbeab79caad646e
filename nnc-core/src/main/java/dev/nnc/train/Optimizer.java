package dev.nnc.train;

import dev.nnc.graph.OptimizerSpec;

/**
 * Updates the trainable parameters it was created for ({@link Optimizers#create}) in place from their
 * gradients. Parameters that are not trainable ({@code batchnorm}'s running statistics) or have no gradient
 * are never touched.
 *
 * <p>Learning-rate decay happens per epoch outside: the training loop calls {@link #setLearningRate}. The
 * per-parameter slots (velocities, moment estimates) and scalars (adam's {@code t}) can be exported and
 * imported as named tensors, which is how checkpoints save them and {@code --resume} restores them.
 */
public interface Optimizer {

    /** The spelling in {@code .nn} files: {@code sgd}, {@code momentum}, {@code adam}, ... */
    String name();

    /** The name and the current hyperparameters, {@code lr} being the current, possibly decayed, rate. */
    OptimizerSpec spec();

    double learningRate();

    void setLearningRate(double lr);

    /** One update of every trainable parameter from its current gradient. Allocates nothing. */
    void step();

    /** A copy of the state: tensors named {@code opt.<slot>/<parameter>} and scalars such as {@code t}. */
    OptimizerState exportState();

    /**
     * Replaces the state with {@code state} (any precision; converted). The names, shapes and scalars must be
     * exactly the ones {@link #exportState} produces; otherwise nothing changes and an
     * {@link IllegalArgumentException} names the first difference.
     */
    void importState(OptimizerState state);
}
