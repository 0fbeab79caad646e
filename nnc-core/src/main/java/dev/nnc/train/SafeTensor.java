package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Precision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A tensor read from a safetensors file: its header entry and its bytes (a read-only little-endian view
 * of exactly {@code elements * dtype.bytes()} bytes), already validated by {@link SafeTensors#read}.
 */
public record SafeTensor(String name, DType dtype, List<Integer> shape, ByteBuffer data) {

    public SafeTensor {
        shape = List.copyOf(shape);
        data = data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long elements = 1;
        for (int d : shape) {
            elements *= d;
        }
        Preconditions.checkArgument(data.remaining() == elements * dtype.bytes(),
                "tensor %s: %s bytes for shape %s of %s", name, data.remaining(), shape, dtype);
    }

    public int elements() {
        return Tensor.product(shapeArray());
    }

    public int[] shapeArray() {
        return shape.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Element {@code i} as a double (an I64 beyond 2^53 loses precision). */
    public double get(int i) {
        return switch (dtype) {
            case F32 -> data.getFloat(i * 4);
            case F64 -> data.getDouble(i * 8);
            case I64 -> data.getLong(i * 8);
        };
    }

    public double[] toDoubleArray() {
        double[] out = new double[elements()];
        for (int i = 0; i < out.length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    /** The elements of an I64 tensor. */
    public long[] toLongArray() {
        Preconditions.checkState(dtype == DType.I64, "tensor %s is %s, not I64", name, dtype);
        long[] out = new long[elements()];
        for (int i = 0; i < out.length; i++) {
            out[i] = data.getLong(i * 8);
        }
        return out;
    }

    /**
     * Copies the elements into {@code target}, whose size must match, converting F32 to double or F64 to
     * float as needed (F32 to F64 is exact; F64 to F32 rounds to nearest).
     */
    public void copyInto(Tensor target) {
        Preconditions.checkArgument(dtype != DType.I64, "tensor %s is I64, not a float tensor", name);
        int n = elements();
        Preconditions.checkArgument(target.size() == n, "tensor %s has %s elements, target %s", name, n, target);
        if (target instanceof F32Tensor f) {
            float[] out = f.data();
            for (int i = 0; i < n; i++) {
                out[i] = dtype == DType.F32 ? data.getFloat(i * 4) : (float) data.getDouble(i * 8);
            }
        } else {
            double[] out = ((F64Tensor) target).data();
            for (int i = 0; i < n; i++) {
                out[i] = dtype == DType.F32 ? data.getFloat(i * 4) : data.getDouble(i * 8);
            }
        }
    }

    /** A new tensor of this shape in {@code precision} holding the (converted) elements. */
    public Tensor toTensor(Precision precision) {
        Tensor t = Tensor.zeros(precision, shapeArray());
        copyInto(t);
        return t;
    }
}
