package dev.nnc.tensor.simd;

import com.google.common.base.Preconditions;

/**
 * The shape of one example's valid, stride-1 convolution for {@link Simd#convolve}: input (channels,
 * height, width), weights (filters, channels, size, size), output (filters, height − size + 1,
 * width − size + 1). Holds each tap's offset in the input, (c·height + ki)·width + kj for tap
 * t = (c·size + ki)·size + kj, so the loops walk the taps as one flat list. Immutable; build one per
 * geometry, not per call.
 */
public final class ConvShape {

    private final int channels;
    private final int height;
    private final int width;
    private final int filters;
    private final int size;
    private final int[] offsets;
    private final int[] vectorsInInput;
    private final int[] vectorsInOutput;

    public ConvShape(int channels, int height, int width, int filters, int size) {
        Preconditions.checkArgument(channels >= 1 && filters >= 1 && size >= 1 && height >= size && width >= size,
                "no valid convolution of a %sx%sx%s input by %s %sx%s filters", channels, height, width, filters,
                size, size);
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.filters = filters;
        this.size = size;
        this.offsets = new int[channels * size * size];
        for (int c = 0, t = 0; c < channels; c++) {
            for (int ki = 0; ki < size; ki++) {
                for (int kj = 0; kj < size; kj++) {
                    offsets[t++] = (c * height + ki) * width + kj;
                }
            }
        }
        int perRow = outWidth() / Loops.LANES;
        this.vectorsInInput = new int[outHeight() * perRow];
        this.vectorsInOutput = new int[vectorsInInput.length];
        for (int i = 0, k = 0; i < outHeight(); i++) {
            for (int v = 0; v < perRow; v++, k++) {
                vectorsInInput[k] = i * width + v * Loops.LANES;
                vectorsInOutput[k] = i * outWidth() + v * Loops.LANES;
            }
        }
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int filters() {
        return filters;
    }

    public int size() {
        return size;
    }

    public int outHeight() {
        return height - size + 1;
    }

    public int outWidth() {
        return width - size + 1;
    }

    /** channels·size²: weights per filter. */
    public int taps() {
        return offsets.length;
    }

    /** Each tap's offset in the input; shared, never to be written. */
    int[] offsets() {
        return offsets;
    }

    /**
     * Where each whole vector of output columns, (i, v·LANES) in row order, starts in an input channel:
     * i·width + v·LANES. With {@link #vectorsInOutput} it turns a walk over rows and vectors into one
     * counted loop.
     */
    int[] vectorsInInput() {
        return vectorsInInput;
    }

    /** Where each whole vector of output columns starts in an output plane: i·ow + v·LANES. */
    int[] vectorsInOutput() {
        return vectorsInOutput;
    }
}
