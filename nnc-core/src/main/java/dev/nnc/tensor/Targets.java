package dev.nnc.tensor;

import com.google.common.base.Preconditions;

/**
 * What a loss compares the output with: class labels (softmax, svm) or real-valued targets (mse), one per
 * example of the batch. Buffers are reused between steps; {@link #count()} is the current batch.
 */
public final class Targets {

    private final int[] labels;
    private final Tensor values;
    private final double smoothing;
    private int count;

    private Targets(int[] labels, Tensor values, int count, double smoothing) {
        Preconditions.checkArgument(smoothing >= 0 && smoothing < 1, "label smoothing %s", smoothing);
        this.labels = labels;
        this.values = values;
        this.count = count;
        this.smoothing = smoothing;
    }

    public static Targets labels(int[] labels) {
        return new Targets(labels, null, labels.length, 0.0);
    }

    /**
     * Labels that stand for the smoothed distribution {@code (1 − ε)·onehot(y) + ε/K} over the K classes (label
     * smoothing, Szegedy et al. 2016); only {@code softmax} accepts {@code ε > 0}.
     */
    public static Targets smoothedLabels(int[] labels, double epsilon) {
        return new Targets(labels, null, labels.length, epsilon);
    }

    public static Targets values(Tensor values) {
        return new Targets(null, values, values.dim(0), 0.0);
    }

    /** The label-smoothing ε; 0 for plain labels and for values. */
    public double smoothing() {
        return smoothing;
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
