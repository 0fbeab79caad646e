package dev.nnc.exec;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.simd.Simd;

/** Element-wise helpers the interpreter needs on whole tensors; internal, not API. */
final class TensorMath {

    private TensorMath() {
    }

    /** dst += a·src over dst's current size; loops on the raw arrays when both share a precision. */
    static void addScaled(Tensor dst, Tensor src, double a) {
        int n = dst.size();
        Preconditions.checkArgument(src.size() == n, "adding %s elements into %s", src.size(), n);
        if (dst instanceof F32Tensor d && src instanceof F32Tensor s) {
            float[] x = d.data();
            float[] y = s.data();
            float af = (float) a;
            for (int i = 0; i < n; i++) {
                x[i] += af * y[i];
            }
        } else if (dst instanceof F64Tensor d && src instanceof F64Tensor s) {
            double[] x = d.data();
            double[] y = s.data();
            for (int i = 0; i < n; i++) {
                x[i] += a * y[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst.add(i, a * src.get(i));
            }
        }
    }

    /**
     * Σ t[i]², accumulated in double. float32 goes through {@link Simd}; float64 keeps four partial sums
     * (elements i mod 4), combined in a fixed order: independent additions pipeline, and the result depends
     * on nothing but t.
     */
    static double sumOfSquares(Tensor t) {
        int n = t.size();
        if (t instanceof F32Tensor f) {
            return Simd.sumOfSquares(f.data(), 0, n);
        }
        double[] a = ((F64Tensor) t).data();
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * a[i];
            s1 += a[i + 1] * a[i + 1];
            s2 += a[i + 2] * a[i + 2];
            s3 += a[i + 3] * a[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
