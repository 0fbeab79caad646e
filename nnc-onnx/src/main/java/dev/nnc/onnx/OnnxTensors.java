package dev.nnc.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx.TensorProto;

/** Reading the float and int64 tensors of an ONNX file, in either of its encodings (raw bytes or typed fields). */
final class OnnxTensors {

    private OnnxTensors() {
    }

    static boolean external(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    static int[] dims(TensorProto t) {
        int[] d = new int[t.getDimsCount()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Math.toIntExact(t.getDims(i));
        }
        return d;
    }

    static long count(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    /** The values of a FLOAT tensor; null for any other type. */
    static float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE || external(t)) {
            return null;
        }
        int n = Math.toIntExact(count(t));
        float[] out = new float[n];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() != 4L * n) {
                return null;
            }
            b.asFloatBuffer().get(out);
        } else {
            if (t.getFloatDataCount() != n) {
                return null;
            }
            for (int i = 0; i < n; i++) {
                out[i] = t.getFloatData(i);
            }
        }
        return out;
    }

    /** The values of an INT64 tensor; null for any other type. */
    static long[] longs(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.INT64_VALUE || external(t)) {
            return null;
        }
        int n = Math.toIntExact(count(t));
        long[] out = new long[n];
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            if (b.remaining() != 8L * n) {
                return null;
            }
            b.asLongBuffer().get(out);
        } else {
            for (int i = 0; i < Math.min(n, t.getInt64DataCount()); i++) {
                out[i] = t.getInt64Data(i);
            }
        }
        return out;
    }
}
