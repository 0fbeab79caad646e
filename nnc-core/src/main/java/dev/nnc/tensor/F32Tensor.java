package dev.nnc.tensor;

import java.util.Arrays;

/** A {@link Tensor} backed by {@code float[]}. */
public final class F32Tensor extends Tensor {

    private float[] data;

    public F32Tensor(int... shape) {
        super(shape);
        this.data = new float[size];
    }

    /** The backing array; may be longer than {@link #size()}. */
    public float[] data() {
        return data;
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT32;
    }

    @Override
    public double get(int i) {
        return data[i];
    }

    @Override
    public void set(int i, double v) {
        data[i] = (float) v;
    }

    @Override
    public void add(int i, double v) {
        data[i] += (float) v;
    }

    @Override
    public void fill(double v) {
        Arrays.fill(data, 0, size, (float) v);
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
        if (src instanceof F32Tensor f) {
            System.arraycopy(f.data, 0, data, 0, size);
        } else {
            double[] d = ((F64Tensor) src).data();
            for (int i = 0; i < size; i++) {
                data[i] = (float) d[i];
            }
        }
    }
}
