package dev.nnc.data;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.gemm.GemmPool;

/**
 * Mini-batches of a data set in a (possibly shuffled) order. {@link #fill} writes batch {@code b}'s
 * preprocessed examples into a caller-owned tensor of shape (n, ...example) and its labels into a caller-owned
 * buffer, allocating nothing: the tensors keep their capacity when the last batch is smaller.
 *
 * <p>{@link #shuffle} restarts from the identity order before shuffling, so an epoch's order depends only on
 * the generator's state at that moment; a run resumed from a checkpoint (which saves that state) sees the
 * same batches as an uninterrupted one.
 */
public final class Batches {

    /** A thread copies at least this many rows of a batch, so small batches stay on the caller. */
    private static final int MIN_ROWS_PER_PIECE = 16;

    private final Dataset data;
    private final int batchSize;
    private final int[] order;
    private final Gemm gemm;
    /** The batch copy, split over the GEMM threads; made once, so a fill allocates nothing. */
    private final GemmPool.Pieces copyPiece = this::copyPiece;
    // The batch being copied by copyPiece: set before Gemm.forEach, which publishes them to the workers.
    private int copyFrom;
    private int copyCount;
    private int copyPieces;
    private Tensor copyX;

    /** Batches of {@code data} copied on the default GEMM session's threads. */
    public Batches(Dataset data, int batchSize) {
        this(data, batchSize, Gemm.defaults());
    }

    /** Batches of {@code data} copied on {@code gemm}'s threads (the network's session). */
    public Batches(Dataset data, int batchSize, Gemm gemm) {
        Preconditions.checkArgument(batchSize >= 1, "batch size %s", batchSize);
        this.gemm = Preconditions.checkNotNull(gemm);
        this.data = data;
        this.batchSize = batchSize;
        this.order = new int[data.count()];
        resetOrder();
    }

    public Dataset dataset() {
        return data;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per pass over the data; the last may be smaller. */
    public int batchCount() {
        return (data.count() + batchSize - 1) / batchSize;
    }

    /** Examples in batch {@code b}. */
    public int batchLength(int b) {
        Preconditions.checkElementIndex(b, batchCount());
        return Math.min(batchSize, data.count() - b * batchSize);
    }

    /** Back to 0, 1, ..., n-1 (evaluation order). */
    public void resetOrder() {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /** A fresh random order: the identity, Fisher–Yates shuffled by {@code rng}. */
    public void shuffle(Rng rng) {
        resetOrder();
        rng.shuffle(order);
    }

    /** A copy of the current order. */
    public int[] order() {
        return order.clone();
    }

    /**
     * Fills batch {@code b}: {@code x} becomes (n, ...example) and {@code labels[0..n-1]} its class labels
     * ({@code labels} may be null when only inputs are wanted).
     *
     * @return n, the examples in the batch
     */
    public int fill(int b, Tensor x, int[] labels) {
        int n = batchLength(b);
        fill(b * batchSize, n, x, labels);
        return n;
    }

    /** Fills batch {@code b} and {@code targets} (class labels or, for regression, a (n, 1) value tensor). */
    public int fill(int b, Tensor x, Targets targets) {
        int n = batchLength(b);
        if (targets.hasLabels()) {
            fill(b * batchSize, n, x, targets.labelArray());
            targets.setCount(n);
        } else {
            fill(b * batchSize, n, x, null);
            targets.setCount(n);
            Tensor values = targets.values();
            if (values.rowSize() != 1) {
                throw new IllegalArgumentException("target tensor rows hold " + values.rowSize() + " values, not 1");
            }
            int from = b * batchSize;
            for (int i = 0; i < n; i++) {
                values.set(i, data.target(order[from + i]));
            }
        }
        return n;
    }

    /**
     * Copies examples {@code order[from .. from+n-1]} into rows 0..n-1 of {@code x} (resized to batch n) and
     * their labels into {@code labels} (unless null). Allocation-free.
     */
    private void fill(int from, int n, Tensor x, int[] labels) {
        int row = data.exampleSize();
        int xRow = 1;
        for (int i = 1; i < x.rank(); i++) {
            xRow *= x.dim(i);
        }
        if (x.rank() < 2 || xRow != row) {
            throw new IllegalArgumentException("batch tensor " + x + " does not hold examples of "
                    + data.exampleShape());
        }
        x.setBatch(n);
        // Examples read from disk: have this batch's (if no earlier call did) and the next one's decoded in the
        // background; the next batch's decode overlaps this batch's training step.
        data.prefetch(order, from, n);
        data.prefetch(order, from + n, Math.min(batchSize, data.count() - from - n));
        // Each thread copies (and converts) a contiguous share of the rows; the first layer's product is
        // split by rows too, so a worker is likely to find much of its share in its own cache. Measured +5%
        // on the MLP's training step with two threads.
        copyFrom = from;
        copyCount = n;
        copyX = x;
        copyPieces = Math.max(1, Math.min(gemm.threads(), n / MIN_ROWS_PER_PIECE));
        try {
            gemm.forEach(copyPieces, copyPiece);
        } finally {
            copyX = null;
        }
        if (labels != null) {
            for (int i = 0; i < n; i++) {
                labels[i] = data.label(order[from + i]);
            }
        }
    }

    private void copyPiece(int piece) {
        int row = data.exampleSize();
        int i0 = (int) ((long) copyCount * piece / copyPieces);
        int i1 = (int) ((long) copyCount * (piece + 1) / copyPieces);
        if (copyX instanceof F32Tensor f) {
            for (int i = i0; i < i1; i++) {
                data.copyExample(order[copyFrom + i], f.data(), i * row);
            }
        } else {
            double[] dst = ((F64Tensor) copyX).data();
            for (int i = i0; i < i1; i++) {
                data.copyExample(order[copyFrom + i], dst, i * row);
            }
        }
    }
}
