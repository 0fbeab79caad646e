package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor to write into a safetensors file: the header fields are known up front; the bytes are produced
 * while the file is being written, so a large model is not copied twice into memory.
 *
 * @param payload writes exactly {@link #byteLength()} little-endian bytes into the buffer it is given
 */
public record SafeTensorSource(String name, DType dtype, List<Integer> shape, Payload payload) {

    /** Produces a tensor's bytes. */
    @FunctionalInterface
    public interface Payload {
        /** Puts the tensor's elements into {@code out}, a little-endian buffer with exactly their room. */
        void write(ByteBuffer out);
    }

    public SafeTensorSource {
        Preconditions.checkArgument(name != null && !name.isEmpty(), "a tensor needs a name");
        Preconditions.checkArgument(!name.equals(SafeTensors.METADATA_KEY), "%s is reserved", name);
        Preconditions.checkNotNull(dtype);
        shape = List.copyOf(shape);
        for (int d : shape) {
            Preconditions.checkArgument(d >= 0, "tensor %s has shape %s", name, shape);
        }
        Preconditions.checkNotNull(payload);
    }

    public long elements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    public long byteLength() {
        return elements() * dtype.bytes();
    }

    /** A float or double tensor, in its own precision, read when the file is written. */
    public static SafeTensorSource of(String name, Tensor t) {
        List<Integer> shape = Arrays.stream(t.shape()).boxed().toList();
        int n = t.size();
        if (t instanceof F32Tensor f) {
            return new SafeTensorSource(name, DType.F32, shape, out -> {
                float[] data = f.data();
                for (int i = 0; i < n; i++) {
                    out.putFloat(data[i]);
                }
            });
        }
        return new SafeTensorSource(name, DType.F64, shape, out -> {
            double[] data = ((F64Tensor) t).data();
            for (int i = 0; i < n; i++) {
                out.putDouble(data[i]);
            }
        });
    }

    /** A one-dimensional I64 tensor holding a copy of {@code values}. */
    public static SafeTensorSource ofLongs(String name, long[] values) {
        long[] copy = values.clone();
        return new SafeTensorSource(name, DType.I64, List.of(copy.length), out -> {
            for (long v : copy) {
                out.putLong(v);
            }
        });
    }
}
