package dev.nnc.graph;

/** What a parameter is for; decides whether the optimizer updates it and whether L2 applies. */
public enum ParamRole {
    /** Trained and L2-regularized (affine and conv weights). */
    WEIGHT(true, true),
    /** Trained, not regularized (biases). */
    BIAS(true, false),
    /** Trained, not regularized (batchnorm and layernorm gamma and beta). */
    SCALE(true, false),
    /** Not trained by gradients: batchnorm's running mean and variance. */
    STATE(false, false),
    /** Not trained: weights written in the .nn file ({@code affine(1, w = [[0.5], [0.5]])}). */
    FIXED(false, false);

    private final boolean trainable;
    private final boolean regularized;

    ParamRole(boolean trainable, boolean regularized) {
        this.trainable = trainable;
        this.regularized = regularized;
    }

    public boolean trainable() {
        return trainable;
    }

    public boolean regularized() {
        return regularized;
    }
}
