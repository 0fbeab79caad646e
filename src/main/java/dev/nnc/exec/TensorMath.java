package dev.nnc.exec;

import com.google.common.base.Preconditions;

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

    /** Σ t[i]², accumulated in double. */
    static double sumOfSquares(Tensor t) {
        double sum = 0.0;
        for (int i = 0; i < t.size(); i++) {
            double v = t.get(i);
            sum += v * v;
        }
        return sum;
    }
}
