package dev.nnc.data;

import dev.nnc.graph.Shape;
import dev.nnc.tensor.simd.Simd;

/**
 * A {@link Preprocessing} expanded to one affine map per feature, {@code y = x * mul[j] + add[j]} with
 * {@code mul = scale / std} and {@code add = -mean / std}, so filling a batch is one multiply-add per value.
 * float32 batches use float copies of the coefficients and float arithmetic (no double round trip per value).
 */
final class FeatureTransform {

    private final double[] mul;
    private final double[] add;
    private final float[] mulF;
    private final float[] addF;

    private FeatureTransform(double[] mul, double[] add) {
        this.mul = mul;
        this.add = add;
        this.mulF = new float[mul.length];
        this.addF = new float[add.length];
        for (int j = 0; j < mul.length; j++) {
            mulF[j] = (float) mul[j];
            addF[j] = (float) add[j];
        }
    }

    static FeatureTransform of(Preprocessing p, Shape shape) {
        int d = Math.toIntExact(shape.size());
        double[] mul = new double[d];
        double[] add = new double[d];
        for (int j = 0; j < d; j++) {
            double std = p.stdOf(j);
            mul[j] = p.scale() / std;
            add[j] = -p.meanOf(j) / std;
        }
        return new FeatureTransform(mul, add);
    }

    void apply(Features src, int from, float[] dst, int off, int n) {
        if (src instanceof Features.Bytes b) {
            Simd.scaleShiftBytes(b.data(), from, mulF, addF, dst, off, n);
        } else if (src instanceof StreamedFeatures s) {
            float[] d = s.row(from / n); // whole examples: from is a multiple of the example size n
            for (int j = 0; j < n; j++) {
                dst[off + j] = d[j] * mulF[j] + addF[j];
            }
        } else {
            float[] d = ((Features.Floats) src).data();
            for (int j = 0; j < n; j++) {
                dst[off + j] = d[from + j] * mulF[j] + addF[j];
            }
        }
    }

    void apply(Features src, int from, double[] dst, int off, int n) {
        if (src instanceof StreamedFeatures s) {
            float[] d = s.row(from / n);
            for (int j = 0; j < n; j++) {
                dst[off + j] = d[j] * mul[j] + add[j];
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            dst[off + j] = src.raw(from + j) * mul[j] + add[j];
        }
    }
}
