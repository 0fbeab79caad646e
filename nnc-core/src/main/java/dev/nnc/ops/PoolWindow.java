package dev.nnc.ops;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;

/**
 * The window of a pooling layer, {@code size} × {@code size} moved by {@code stride}, without padding:
 * an input (N, C, H, W) pools to (N, C, OH, OW) with OH = ⌊(H − size) / stride⌋ + 1, likewise OW.
 * Shared by {@link MaxPool} and {@link AvgPool}; internal.
 */
record PoolWindow(String layer, int size, int stride) {

    PoolWindow {
        Preconditions.checkArgument(size >= 1 && stride >= 1, "%s: size %s stride %s", layer, size, stride);
    }

    /** From a node's {@code size} and {@code stride} arguments; the stride defaults to the size. */
    static PoolWindow of(Node node) {
        int size = node.args().getInt("size");
        int stride = node.args().has("stride") ? node.args().getInt("stride") : size;
        return new PoolWindow(node.name(), size, stride);
    }

    int outExtent(int extent) {
        return (extent - size) / stride + 1;
    }

    /** Checks that x is (N, C, H, W) with room for a window and that output is its pooled shape. */
    void check(Tensor x, Tensor output) {
        // Plain ifs rather than Preconditions: this runs every step, and boxing the ints would allocate.
        if (x.rank() != 4) {
            throw new IllegalArgumentException(String.format("%s: pooling needs (N, C, H, W) input, got %s", layer,
                    x));
        }
        if (x.dim(2) < size || x.dim(3) < size) {
            throw new IllegalArgumentException(String.format("%s: a %sx%s window does not fit %s", layer, size, size,
                    x));
        }
        int oh = outExtent(x.dim(2)), ow = outExtent(x.dim(3));
        if (output.rank() != 4 || output.dim(0) != x.dim(0) || output.dim(1) != x.dim(1) || output.dim(2) != oh
                || output.dim(3) != ow) {
            throw new IllegalArgumentException(String.format("%s: output %s for input %s, expected (%s, %s, %s, %s)",
                    layer, output, x, x.dim(0), x.dim(1), oh, ow));
        }
    }
}
