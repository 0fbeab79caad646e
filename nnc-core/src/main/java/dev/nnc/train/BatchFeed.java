package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.data.Batches;
import dev.nnc.data.Dataset;
import dev.nnc.data.augment.Augmenter;
import dev.nnc.graph.AugmentSpec;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntToLongFunction;

/**
 * The training batches of an epoch, in the epoch's order, each copied out of the data set (decoded, for
 * image folders) and augmented. In the background mode a thread of the feed's own prepares batch b + 1 in a
 * buffer while the network trains on batch b; {@link #take} waits for it (rarely: preparing is cheaper than a
 * step), copies it into the network's input (a memcpy) and sets the thread on batch b + 2. So augmentation
 * costs the step little more than that copy while a core is free for the thread.
 *
 * <p>Deterministic: batch b's examples depend only on the epoch's order, and its augmentation only on the
 * seed the caller gives for b ({@code (seed, epoch, b)} in the Trainer), never on which thread prepared it or
 * when; the feed's thread runs serially, off the network's GEMM session, whose products therefore split
 * exactly as without it. The foreground mode (prepare each batch on the caller, in the network's input, on
 * its GEMM threads) gives the same batches bit for bit; a test compares the two.
 *
 * <p>One per training run, closed at its end (also when it fails): {@link #close} stops the thread and waits
 * for it. The thread is a daemon, so an interrupted JVM (Ctrl-C) exits without waiting for it.
 */
final class BatchFeed implements AutoCloseable {

    private final Batches batches;
    private final Augmenter augmenter;
    /** Background mode only: the batch being prepared, its targets, the thread and its serial session. */
    private final Tensor buffer;
    private final Targets bufferTargets;
    private final ExecutorService worker;
    private final Gemm serial;
    private Future<Integer> pending;
    private int pendingBatch = -1;
    private IntToLongFunction augmentSeed = b -> 0;

    /**
     * @param input   a batch tensor of the network (its input), whose shape and precision the buffer copies
     * @param gemm    the network's session: the foreground mode copies and augments on its threads
     * @throws IllegalArgumentException when {@code augment} is set and the examples are not images
     */
    BatchFeed(Dataset train, int batchSize, AugmentSpec augment, Tensor input, Targets targets, Gemm gemm,
              boolean background) {
        if (background) {
            serial = Gemm.withThreads(1);
            batches = new Batches(train, batchSize, serial);
            augmenter = augment.isEmpty() ? null : new Augmenter(augment, train.exampleShape(), serial);
            int[] shape = input.shape();
            shape[0] = batchSize;
            buffer = input.zerosLike(shape);
            bufferTargets = targets.hasLabels() ? Targets.labels(new int[batchSize])
                    : Targets.values(targets.values().zerosLike(batchSize, 1));
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "nnc-batch-feed");
                t.setDaemon(true);
                return t;
            });
        } else {
            serial = null;
            batches = new Batches(train, batchSize, gemm);
            augmenter = augment.isEmpty() ? null : new Augmenter(augment, train.exampleShape(), gemm);
            buffer = null;
            bufferTargets = null;
            worker = null;
        }
    }

    int batchCount() {
        return batches.batchCount();
    }

    int batchLength(int b) {
        return batches.batchLength(b);
    }

    /**
     * Starts an epoch: its order is the identity shuffled by {@code shuffle}; batch b is augmented from the
     * seed {@code augmentSeed(b)}. Any batch still being prepared for the last epoch is dropped first.
     */
    void startEpoch(Rng shuffle, IntToLongFunction augmentSeed) {
        drop();
        this.augmentSeed = Preconditions.checkNotNull(augmentSeed);
        batches.shuffle(shuffle);
        if (worker != null && batches.batchCount() > 0) {
            prepare(0);
        }
    }

    /**
     * Fills {@code x} (the network's input, already sized to {@link #batchLength}(b)) and {@code targets} with
     * batch {@code b}, augmented.
     *
     * @return the examples in the batch
     */
    int take(int b, Tensor x, Targets targets) {
        if (worker == null) {
            int n = batches.fill(b, x, targets);
            if (augmenter != null) {
                augmenter.apply(x, n, augmentSeed.applyAsLong(b));
            }
            return n;
        }
        if (pendingBatch != b) {
            drop();
            prepare(b); // out of sequence: only when a caller skips batches
        }
        int n = await();
        x.copyFrom(buffer);
        if (targets.hasLabels()) {
            System.arraycopy(bufferTargets.labelArray(), 0, targets.labelArray(), 0, n);
            targets.setCount(n);
        } else {
            targets.setCount(n);
            targets.values().copyFrom(bufferTargets.values());
        }
        if (b + 1 < batches.batchCount()) {
            prepare(b + 1);
        }
        return n;
    }

    private void prepare(int b) {
        pendingBatch = b;
        pending = worker.submit(() -> {
            int n = batches.fill(b, buffer, bufferTargets);
            if (augmenter != null) {
                augmenter.apply(buffer, n, augmentSeed.applyAsLong(b));
            }
            return n;
        });
    }

    /** The prepared batch's size, once the thread is done with it; its failure rethrown as it was. */
    private int await() {
        Future<Integer> f = pending;
        pending = null;
        pendingBatch = -1;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    // finish the wait (the batch takes milliseconds) so the buffer is never read half-written
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits out a batch under way whose result nobody will take, ignoring how it ended. */
    private void drop() {
        if (pending == null) {
            return;
        }
        try {
            await();
        } catch (RuntimeException ignored) {
            // its failure belongs to a batch nobody asked for
        }
    }

    /** Stops the thread and waits for it to end (a batch under way finishes first: milliseconds). */
    @Override
    public void close() {
        if (worker == null) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pending = null;
        pendingBatch = -1;
        worker.shutdownNow();
        try {
            worker.awaitTermination(1, TimeUnit.MINUTES); // a daemon: should a decoder hang, it cannot hold the JVM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            serial.close();
        }
    }
}
