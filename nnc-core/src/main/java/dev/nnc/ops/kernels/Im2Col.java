package dev.nnc.ops.kernels;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import java.util.Arrays;

/**
 * The lowering that turns a convolution into one matrix multiply per example, and its adjoint. For one
 * example x (C, H, W), a K×K window, a stride and a zero padding, the column matrix has one row per
 * (c, ki, kj) and one column per output position (oh, ow):
 *
 * <pre>
 *   cols[(c·K + ki)·K + kj, oh·OW + ow] = x[c, oh·stride − pad + ki, ow·stride − pad + kj]   (0 outside x)
 * </pre>
 *
 * so that W (F, C·K·K) · cols (C·K·K, OH·OW) is the convolution's output (F, OH·OW). {@code col2im} is the
 * transpose of that linear map: it scatters a column matrix back, summing where windows overlap.
 * Used by {@link ConvKernel}; the loops run on the raw arrays because they are a conv's hot spot.
 */
final class Im2Col {

    /** The geometry of one example's convolution. */
    record Geometry(int channels, int height, int width, int size, int stride, int pad) {

        Geometry {
            Preconditions.checkArgument(stride >= 1 && pad >= 0 && size >= 1, "size %s stride %s pad %s", size,
                    stride, pad);
            Preconditions.checkArgument(height + 2 * pad >= size && width + 2 * pad >= size,
                    "a %sx%s window does not fit a %sx%s input padded by %s", size, size, height, width, pad);
        }

        int outHeight() {
            return (height + 2 * pad - size) / stride + 1;
        }

        int outWidth() {
            return (width + 2 * pad - size) / stride + 1;
        }

        /** Rows of the column matrix: C·K·K. */
        int rows() {
            return channels * size * size;
        }

        /** Columns of the column matrix: OH·OW. */
        int columns() {
            return outHeight() * outWidth();
        }

        int inputSize() {
            return channels * height * width;
        }

        /** First output index o (of {@code outCount}) with 0 ≤ o·stride − pad + k: tap k lands inside. */
        int firstInside(int k, int outCount) {
            int lo = pad - k;
            return lo <= 0 ? 0 : Math.min(outCount, (lo + stride - 1) / stride);
        }

        /** One past the last output index (of {@code outCount}) whose tap k lands before {@code extent}. */
        int endInside(int k, int extent, int outCount) {
            int hi = extent - 1 + pad - k; // o·stride ≤ hi
            return hi < 0 ? 0 : Math.min(outCount, hi / stride + 1);
        }
    }

    private Im2Col() {
    }

    /**
     * Writes the column matrix of the example starting at {@code xOff} in x into cols (packed, offset 0). With
     * {@code zerosInPlace} the entries of taps that fall in the padding are left alone: the caller vouches
     * that cols last held a column matrix of this geometry, so they are zero already (skipping those fills
     * saves about a fifth of the lowering of a padded 3x3 conv on 14x14 inputs).
     */
    static void im2col(Tensor x, int xOff, Geometry g, Tensor cols, boolean zerosInPlace) {
        if (x instanceof F32Tensor xf) {
            im2col(xf.data(), xOff, g, ((F32Tensor) cols).data(), !zerosInPlace);
        } else {
            im2col(((F64Tensor) x).data(), xOff, g, ((F64Tensor) cols).data(), !zerosInPlace);
        }
    }

    /** Overwrites the example starting at {@code dxOff} in dx with col2im(dcols). */
    static void col2im(Tensor dcols, Geometry g, Tensor dx, int dxOff) {
        if (dx instanceof F32Tensor df) {
            col2im(((F32Tensor) dcols).data(), g, df.data(), dxOff);
        } else {
            col2im(((F64Tensor) dcols).data(), g, ((F64Tensor) dx).data(), dxOff);
        }
    }

    private static void im2col(float[] x, int xOff, Geometry g, float[] cols, boolean fill) {
        int h = g.height(), w = g.width(), k = g.size(), s = g.stride(), pad = g.pad();
        int oh = g.outHeight(), ow = g.outWidth();
        int dst = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < k; ki++) {
                int yLo = g.firstInside(ki, oh), yHi = g.endInside(ki, h, oh);
                for (int kj = 0; kj < k; kj++) {
                    int xLo = g.firstInside(kj, ow), xHi = Math.max(xLo, g.endInside(kj, w, ow));
                    for (int y = 0; y < oh; y++, dst += ow) {
                        if (y < yLo || y >= yHi) {
                            if (fill) {
                                Arrays.fill(cols, dst, dst + ow, 0f);
                            }
                            continue;
                        }
                        int src = xOff + (c * h + y * s - pad + ki) * w - pad + kj;
                        if (fill && xLo > 0) {
                            Arrays.fill(cols, dst, dst + xLo, 0f);
                        }
                        if (s == 1) { // a row of taps is a contiguous run of the input row
                            System.arraycopy(x, src + xLo, cols, dst + xLo, xHi - xLo);
                        } else {
                            for (int o = xLo; o < xHi; o++) {
                                cols[dst + o] = x[src + o * s];
                            }
                        }
                        if (fill && xHi < ow) {
                            Arrays.fill(cols, dst + xHi, dst + ow, 0f);
                        }
                    }
                }
            }
        }
    }

    private static void im2col(double[] x, int xOff, Geometry g, double[] cols, boolean fill) {
        int h = g.height(), w = g.width(), k = g.size(), s = g.stride(), pad = g.pad();
        int oh = g.outHeight(), ow = g.outWidth();
        int dst = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < k; ki++) {
                int yLo = g.firstInside(ki, oh), yHi = g.endInside(ki, h, oh);
                for (int kj = 0; kj < k; kj++) {
                    int xLo = g.firstInside(kj, ow), xHi = Math.max(xLo, g.endInside(kj, w, ow));
                    for (int y = 0; y < oh; y++, dst += ow) {
                        if (y < yLo || y >= yHi) {
                            if (fill) {
                                Arrays.fill(cols, dst, dst + ow, 0.0);
                            }
                            continue;
                        }
                        int src = xOff + (c * h + y * s - pad + ki) * w - pad + kj;
                        if (fill && xLo > 0) {
                            Arrays.fill(cols, dst, dst + xLo, 0.0);
                        }
                        if (s == 1) { // a row of taps is a contiguous run of the input row
                            System.arraycopy(x, src + xLo, cols, dst + xLo, xHi - xLo);
                        } else {
                            for (int o = xLo; o < xHi; o++) {
                                cols[dst + o] = x[src + o * s];
                            }
                        }
                        if (fill && xHi < ow) {
                            Arrays.fill(cols, dst + xHi, dst + ow, 0.0);
                        }
                    }
                }
            }
        }
    }

    private static void col2im(float[] dcols, Geometry g, float[] dx, int dxOff) {
        int h = g.height(), w = g.width(), k = g.size(), s = g.stride(), pad = g.pad();
        int oh = g.outHeight(), ow = g.outWidth();
        Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0f);
        int src = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < k; ki++) {
                int yLo = g.firstInside(ki, oh), yHi = g.endInside(ki, h, oh);
                for (int kj = 0; kj < k; kj++) {
                    int xLo = g.firstInside(kj, ow), xHi = g.endInside(kj, w, ow);
                    for (int y = yLo; y < yHi; y++) {
                        int row = src + y * ow;
                        int dst = dxOff + (c * h + y * s - pad + ki) * w - pad + kj;
                        for (int o = xLo; o < xHi; o++) {
                            dx[dst + o * s] += dcols[row + o];
                        }
                    }
                    src += oh * ow;
                }
            }
        }
    }

    private static void col2im(double[] dcols, Geometry g, double[] dx, int dxOff) {
        int h = g.height(), w = g.width(), k = g.size(), s = g.stride(), pad = g.pad();
        int oh = g.outHeight(), ow = g.outWidth();
        Arrays.fill(dx, dxOff, dxOff + g.inputSize(), 0.0);
        int src = 0;
        for (int c = 0; c < g.channels(); c++) {
            for (int ki = 0; ki < k; ki++) {
                int yLo = g.firstInside(ki, oh), yHi = g.endInside(ki, h, oh);
                for (int kj = 0; kj < k; kj++) {
                    int xLo = g.firstInside(kj, ow), xHi = g.endInside(kj, w, ow);
                    for (int y = yLo; y < yHi; y++) {
                        int row = src + y * ow;
                        int dst = dxOff + (c * h + y * s - pad + ki) * w - pad + kj;
                        for (int o = xLo; o < xHi; o++) {
                            dx[dst + o * s] += dcols[row + o];
                        }
                    }
                    src += oh * ow;
                }
            }
        }
    }
}
