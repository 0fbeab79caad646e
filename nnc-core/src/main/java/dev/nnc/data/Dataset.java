package dev.nnc.data;

import com.google.common.base.Preconditions;
import dev.nnc.graph.Shape;

/**
 * A set of examples: raw features (one row of {@link #exampleSize()} values per example), class labels
 * and/or real-valued targets, and the {@link Preprocessing} that turns a raw row into what the model sees.
 *
 * <p>A data set is an immutable view: {@link #slice} (train/validation split, {@code --limit}) and
 * {@link #withPreprocessing} share the backing arrays instead of copying them, and preprocessing is applied
 * when an example is copied out ({@link #copyExample}, {@link Batches}), so the raw data is held once.
 */
public final class Dataset {

    private final String source;
    private final Shape exampleShape;
    private final int exampleSize;
    private final Features features;
    private final int[] labels;
    private final float[] targets;
    private final int numClasses;
    private final int offset;
    private final int count;
    private final Preprocessing preprocessing;
    private final FeatureTransform transform;

    private Dataset(String source, Shape exampleShape, Features features, int[] labels, float[] targets,
                    int numClasses, int offset, int count, Preprocessing preprocessing) {
        this.source = Preconditions.checkNotNull(source);
        this.exampleShape = Preconditions.checkNotNull(exampleShape);
        this.exampleSize = Math.toIntExact(exampleShape.size());
        this.features = features;
        this.labels = labels;
        this.targets = targets;
        this.numClasses = numClasses;
        this.offset = offset;
        this.count = count;
        this.preprocessing = preprocessing;
        this.transform = FeatureTransform.of(preprocessing, exampleShape);
        Preprocessing.checkShape(preprocessing, exampleShape);
        Preconditions.checkArgument(offset >= 0 && count >= 0, "offset %s count %s", offset, count);
        Preconditions.checkArgument((long) (offset + count) * exampleSize <= features.length(),
                "%s examples of %s values, but %s values", offset + count, exampleSize, features.length());
        Preconditions.checkArgument(labels == null || labels.length >= offset + count, "labels");
        Preconditions.checkArgument(targets == null || targets.length >= offset + count, "targets");
    }

    /**
     * Byte pixels (0..255) with class labels in {@code 0..numClasses-1}; preprocessing starts as "scale
     * to [0, 1]".
     *
     * @throws DataException if a label is outside the classes
     */
    public static Dataset ofBytes(String source, Shape exampleShape, byte[] pixels, int[] labels, int numClasses) {
        checkLabels(source, labels, numClasses);
        int n = checkRows(exampleShape, pixels.length, labels);
        return new Dataset(source, exampleShape, new Features.Bytes(pixels), labels, null, numClasses, 0, n,
                Preprocessing.none(exampleShape, Preprocessing.PIXEL_SCALE));
    }

    /**
     * Real-valued features with class labels and/or real targets (either may be null: a data set with
     * neither is input for prediction only); preprocessing starts as the identity.
     */
    public static Dataset ofFloats(String source, Shape exampleShape, float[] values, int[] labels,
                                   float[] targets, int numClasses) {
        checkLabels(source, labels, numClasses);
        int n = checkRows(exampleShape, values.length, labels);
        Preconditions.checkArgument(targets == null || targets.length == n, "%s targets for %s rows",
                targets == null ? 0 : targets.length, n);
        return new Dataset(source, exampleShape, new Features.Floats(values), labels, targets, numClasses, 0, n,
                Preprocessing.none(exampleShape, 1.0));
    }

    /**
     * Pixels (0..255) decoded from disk on demand ({@link StreamedFeatures}): {@code decode} turns an example
     * index into its values; preprocessing starts as "scale to [0, 1]", as for {@link #ofBytes}.
     */
    static Dataset ofStreamed(String source, Shape exampleShape, int count, java.util.function.IntFunction<float[]> decode,
                              int[] labels, int numClasses, int minCached) {
        checkLabels(source, labels, numClasses);
        Preconditions.checkArgument(labels.length == count, "%s labels for %s examples", labels.length, count);
        StreamedFeatures f = new StreamedFeatures(count, Math.toIntExact(exampleShape.size()), decode, minCached);
        return new Dataset(source, exampleShape, f, labels, null, numClasses, 0, count,
                Preprocessing.none(exampleShape, Preprocessing.PIXEL_SCALE));
    }

    /**
     * Starts decoding examples {@code order[from .. from+n-1]} in the background when they are read from disk
     * (an image folder); nothing otherwise. Batches calls it with the next batch while the current one trains.
     */
    public void prefetch(int[] order, int from, int n) {
        if (!(features instanceof StreamedFeatures s) || n <= 0) {
            return;
        }
        int[] examples = new int[n];
        for (int i = 0; i < n; i++) {
            examples[i] = offset + order[from + i];
        }
        s.prefetch(examples, 0, n);
    }

    /** The decoded examples held in memory now, when they stream from disk; -1 when all are in memory. */
    int streamedHeld() {
        return features instanceof StreamedFeatures s ? s.held() : -1;
    }

    private static int checkRows(Shape shape, int values, int[] labels) {
        long size = shape.size();
        Preconditions.checkArgument(values % size == 0, "%s values is not a whole number of %s", values, shape);
        int n = (int) (values / size);
        Preconditions.checkArgument(labels == null || labels.length == n, "%s labels for %s rows",
                labels == null ? 0 : labels.length, n);
        return n;
    }

    private static void checkLabels(String source, int[] labels, int numClasses) {
        if (labels == null) {
            return;
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new DataException(String.format("%s: label %d of example %d is outside the %d classes 0..%d",
                        source, labels[i], i, numClasses, numClasses - 1));
            }
        }
    }

    /** Examples {@code from .. from+n-1} of this set, sharing its arrays. */
    public Dataset slice(int from, int n) {
        Preconditions.checkPositionIndexes(from, from + n, count);
        return new Dataset(source, exampleShape, features, labels, targets, numClasses, offset + from, n,
                preprocessing);
    }

    /** The first {@code n} examples (all of them if there are fewer). */
    public Dataset head(int n) {
        return slice(0, Math.min(n, count));
    }

    /** The same examples seen through another preprocessing (computed on a training split). */
    public Dataset withPreprocessing(Preprocessing p) {
        return new Dataset(source, exampleShape, features, labels, targets, numClasses, offset, count, p);
    }

    /** The same values with another example shape of the same size (a flat CSV row as an image, say). */
    Dataset withExampleShape(Shape shape) {
        Preconditions.checkArgument(shape.size() == exampleShape.size(), "%s as %s", exampleShape, shape);
        return new Dataset(source, shape, features, labels, targets, numClasses, offset, count, preprocessing);
    }

    /** Where the examples came from (a file name), for messages. */
    public String source() {
        return source;
    }

    public Shape exampleShape() {
        return exampleShape;
    }

    public int exampleSize() {
        return exampleSize;
    }

    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Classes the labels range over (0 when there are no class labels). */
    public int numClasses() {
        return labels == null ? 0 : numClasses;
    }

    public boolean hasLabels() {
        return labels != null;
    }

    /** Whether {@link #target(int)} is available: real targets, or labels read as numbers. */
    public boolean hasTargets() {
        return targets != null || labels != null;
    }

    public int label(int i) {
        Preconditions.checkState(labels != null, "%s has no class labels", source);
        Preconditions.checkElementIndex(i, count);
        return labels[offset + i];
    }

    /** The regression target of example {@code i}: the real target, else the class label as a number. */
    public float target(int i) {
        Preconditions.checkElementIndex(i, count);
        Preconditions.checkState(hasTargets(), "%s has no targets", source);
        return targets != null ? targets[offset + i] : labels[offset + i];
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** The raw (unpreprocessed) value {@code j} of example {@code i}: 0..255 for byte pixels. */
    public float raw(int i, int j) {
        Preconditions.checkElementIndex(i, count);
        Preconditions.checkElementIndex(j, exampleSize);
        return features.raw((offset + i) * exampleSize + j);
    }

    /** Writes the preprocessed example {@code i} to {@code dst[off ..]}. Allocation-free. */
    public void copyExample(int i, float[] dst, int off) {
        Preconditions.checkElementIndex(i, count);
        transform.apply(features, (offset + i) * exampleSize, dst, off, exampleSize);
    }

    /** Writes the preprocessed example {@code i} to {@code dst[off ..]}. Allocation-free. */
    public void copyExample(int i, double[] dst, int off) {
        Preconditions.checkElementIndex(i, count);
        transform.apply(features, (offset + i) * exampleSize, dst, off, exampleSize);
    }

    /** The preprocessed example {@code i} as a new array. */
    public float[] example(int i) {
        float[] out = new float[exampleSize];
        copyExample(i, out, 0);
        return out;
    }

    @Override
    public String toString() {
        return String.format("%s: %d examples of %s%s", source, count, exampleShape,
                labels != null ? ", " + numClasses + " classes" : "");
    }
}
