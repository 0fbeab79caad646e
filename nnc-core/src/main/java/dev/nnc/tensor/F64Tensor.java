package dev.nnc.tensor;

import java.util.Arrays;

/** A {@link Tensor} backed by {@code double[]}. */
public final class F64Tensor extends Tensor {

    private double[] data;

    public F64Tensor(int... shape) {
        super(shape);
        this.data = new double[size];
    }

    /** The backing array; may be longer than {@link #size()}. */
    public double[] data() {
        return data;
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
    }

    @Override
    public double get(int i) {
        return data[i];
    }

    @Override
    public void set(int i, double v) {
        data[i] = v;
    }

    @Override
    public void add(int i, double v) {
        data[i] += v;
    }

    @Override
    public void fill(double v) {
        Arrays.fill(data, 0, size, v);
    }

    @Override
    public int capacity() {
        return data.length;
    }

    @Override
    protected void grow(int newCapacity) {
        data = Arrays.copyOf(data, newCapacity);
    }

    @Override
    public void copyFrom(Tensor src) {
        if (src instanceof F64Tensor f) {
            System.arraycopy(f.data, 0, data, 0, size);
        } else {
            float[] d = ((F32Tensor) src).data();
            for (int i = 0; i < size; i++) {
                data[i] = d[i];
            }
        }
    }
}
