package dev.nnc.tensor;

import com.google.common.base.Preconditions;

/**
 * What a loss compares the output with: class labels (softmax, svm) or real-valued targets (mse), one per
 * example of the batch. Buffers are reused between steps; {@link #count()} is the current batch.
 */
public final class Targets {

    private final int[] labels;
    private final Tensor values;
    private int count;

    private Targets(int[] labels, Tensor values, int count) {
        this.labels = labels;
        this.values = values;
        this.count = count;
    }

    public static Targets labels(int[] labels) {
        return new Targets(labels, null, labels.length);
    }

    public static Targets values(Tensor values) {
        return new Targets(null, values, values.dim(0));
    }

    public boolean hasLabels() {
        return labels != null;
    }

    public int label(int i) {
        return labels[i];
    }

    /** The raw label buffer (may be longer than {@link #count()}). */
    public int[] labelArray() {
        Preconditions.checkState(labels != null, "targets are values, not labels");
        return labels;
    }

    public Tensor values() {
        Preconditions.checkState(values != null, "targets are labels, not values");
        return values;
    }

    public int count() {
        return count;
    }

    /** Uses the first {@code n} entries of the buffers (the batch shrank or grew within capacity). */
    public void setCount(int n) {
        Preconditions.checkArgument(n <= (labels != null ? labels.length : values.capacity()), "count %s", n);
        count = n;
        if (values != null) {
            values.setBatch(n);
        }
    }
}
