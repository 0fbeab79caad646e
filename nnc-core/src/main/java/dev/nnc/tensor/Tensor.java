package dev.nnc.tensor;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * A dense row-major array of float or double. Activations are batch-first: dim 0 is the batch, the rest is
 * the example's shape (the graph's {@code Shape}). The backing array keeps its capacity when the batch shrinks, so
 * the last, smaller batch of an epoch allocates nothing.
 *
 * <p>Element access goes through {@code double} so an operator is written once for both precisions; hot
 * loops may take the raw array ({@link F32Tensor#data()}, {@link F64Tensor#data()}).
 */
public abstract sealed class Tensor permits F32Tensor, F64Tensor {

    protected final int[] shape;
    protected int size;

    protected Tensor(int[] shape) {
        this.shape = shape.clone();
        this.size = product(shape);
    }

    public static Tensor zeros(Precision precision, int... shape) {
        return precision == Precision.FLOAT32 ? new F32Tensor(shape) : new F64Tensor(shape);
    }

    /** A new zero tensor of the same precision. */
    public Tensor zerosLike(int... newShape) {
        return zeros(precision(), newShape);
    }

    public abstract Precision precision();

    public abstract double get(int i);

    public abstract void set(int i, double v);

    public abstract void add(int i, double v);

    public abstract void fill(double v);

    /** Elements the backing array can hold without reallocating. */
    public abstract int capacity();

    protected abstract void grow(int newCapacity);

    /** Copies the first {@code size()} elements of {@code src} (same size, any precision). */
    public abstract void copyFrom(Tensor src);

    public int size() {
        return size;
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int i) {
        return shape[i];
    }

    /** A copy of the current shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** Elements per row: the product of every dim but the first. */
    public int rowSize() {
        return shape.length == 0 ? 1 : size / Math.max(1, shape[0]);
    }

    /**
     * Changes dim 0 (the batch) and keeps the rest; reallocates only when the capacity is too small.
     * Allocation-free in the steady state.
     */
    public void setBatch(int n) {
        Preconditions.checkArgument(n >= 0, "batch %s", n);
        int row = shape.length == 1 ? 1 : product(shape) / Math.max(1, shape[0]);
        if (shape[0] == 0) {
            row = 1;
            for (int i = 1; i < shape.length; i++) {
                row *= shape[i];
            }
        }
        shape[0] = n;
        size = n * row;
        if (size > capacity()) {
            grow(size);
        }
    }

    /** Same number of dimensions, new extents; reallocates only when the capacity is too small. */
    public void reshape(int... newShape) {
        if (newShape.length != shape.length) { // not Preconditions: its message arguments would allocate per call
            throw new IllegalArgumentException("reshape " + Arrays.toString(shape) + " to rank " + newShape.length);
        }
        System.arraycopy(newShape, 0, shape, 0, shape.length);
        resized();
    }

    /** {@link #reshape(int...)} for a matrix, without the varargs array: allocation-free on the hot path. */
    public void reshape(int rows, int columns) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("reshape " + Arrays.toString(shape) + " to rank 2");
        }
        shape[0] = rows;
        shape[1] = columns;
        resized();
    }

    private void resized() {
        size = product(shape);
        if (size > capacity()) {
            grow(size);
        }
    }

    public double[] toDoubleArray() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = get(i);
        }
        return out;
    }

    public void setFrom(double[] values) {
        Preconditions.checkArgument(values.length == size, "%s values for a tensor of %s", values.length, size);
        for (int i = 0; i < size; i++) {
            set(i, values[i]);
        }
    }

    public static int product(int[] dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        Preconditions.checkArgument(n <= Integer.MAX_VALUE, "tensor of %s elements is too large", n);
        return (int) n;
    }

    @Override
    public String toString() {
        return precision().label() + Arrays.toString(shape);
    }
}
