package dev.nnc.data;

import dev.nnc.graph.Shape;

/**
 * A {@link Preprocessing} expanded to one affine map per feature, {@code y = x * mul[j] + add[j]} with
 * {@code mul = scale / std} and {@code add = -mean / std}, so filling a batch is one multiply-add per value.
 */
final class FeatureTransform {

    private final double[] mul;
    private final double[] add;

    private FeatureTransform(double[] mul, double[] add) {
        this.mul = mul;
        this.add = add;
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
            byte[] d = b.data();
            for (int j = 0; j < n; j++) {
                dst[off + j] = (float) ((d[from + j] & 0xFF) * mul[j] + add[j]);
            }
        } else {
            float[] d = ((Features.Floats) src).data();
            for (int j = 0; j < n; j++) {
                dst[off + j] = (float) (d[from + j] * mul[j] + add[j]);
            }
        }
    }

    void apply(Features src, int from, double[] dst, int off, int n) {
        for (int j = 0; j < n; j++) {
            dst[off + j] = src.raw(from + j) * mul[j] + add[j];
        }
    }
}
