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
 * image folders) and augmented, in one of three {@linkplain Mode modes}. In the two ahead modes batch b + 1
 * is prepared in a buffer while the network trains on batch b; {@link #take} finishes it if need be, copies
 * it into the network's input (a memcpy) and starts on batch b + 2.
 *
 * <p>Deterministic: batch b's examples depend only on the epoch's order, and its augmentation only on the
 * seed the caller gives for b ({@code (seed, epoch, b)} in the Trainer), never on the mode, on which thread
 * prepared it or when; the network's products split exactly as without the feed. All three modes give the
 * same batches bit for bit; a test compares them.
 *
 * <p>One per training run, closed at its end (also when it fails): {@link #close} finishes the work under
 * way and stops the feed's thread. The thread is a daemon, so an interrupted JVM (Ctrl-C) exits without
 * waiting for it.
 */
final class BatchFeed implements AutoCloseable {

    /** Where and when a batch is prepared. */
    enum Mode {
        /** On the training thread when it is taken, the pixels split over the GEMM threads. */
        FOREGROUND,
        /** One ahead on a thread of the feed's own: for a core the GEMM threads leave free. */
        THREAD,
        /**
         * One ahead: copied on the training thread, augmented by the GEMM workers whenever the step's products
         * leave them idle (an idle job of the session), what is left by the training thread when it takes the
         * batch. For cores the GEMM threads all use: no third thread competes with them for a core.
         */
        IDLE
    }

    private final Mode mode;
    private final Batches batches;
    private final Augmenter augmenter;
    private final Gemm gemm;
    /** Ahead modes: the batch being prepared and its targets. */
    private final Tensor buffer;
    private final Targets bufferTargets;
    /** THREAD mode: the thread and its serial session. */
    private final ExecutorService worker;
    private final Gemm serial;
    /** The worker's thread, once started: {@link #close} waits for it to end, not only for its last task. */
    private volatile Thread thread;
    private Future<Integer> pending;
    /** IDLE mode: the prepared batch's size, its augmentation's piece count, whether the workers have it. */
    private int pendingCount;
    private int idlePieces;
    private boolean idleStarted;
    private int pendingBatch = -1;
    private IntToLongFunction augmentSeed = b -> 0;

    /**
     * @param input   a batch tensor of the network (its input), whose shape and precision the buffer copies
     * @param gemm    the network's session: FOREGROUND and IDLE prepare batches on its threads
     * @throws IllegalArgumentException when {@code augment} is set and the examples are not images
     */
    BatchFeed(Dataset train, int batchSize, AugmentSpec augment, Tensor input, Targets targets, Gemm gemm,
              Mode mode) {
        this.mode = mode;
        this.gemm = gemm;
        serial = mode == Mode.THREAD ? Gemm.withThreads(1) : null;
        Gemm prep = mode == Mode.THREAD ? serial : gemm;
        batches = new Batches(train, batchSize, prep);
        augmenter = augment.isEmpty() ? null : new Augmenter(augment, train.exampleShape(), prep);
        if (mode == Mode.FOREGROUND) {
            buffer = null;
            bufferTargets = null;
        } else {
            int[] shape = input.shape();
            shape[0] = batchSize;
            buffer = input.zerosLike(shape);
            bufferTargets = targets.hasLabels() ? Targets.labels(new int[batchSize])
                    : Targets.values(targets.values().zerosLike(batchSize, 1));
        }
        worker = mode != Mode.THREAD ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nnc-batch-feed");
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    Mode mode() {
        return mode;
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
        if (mode != Mode.FOREGROUND && batches.batchCount() > 0) {
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
        if (mode == Mode.FOREGROUND) {
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
        if (mode == Mode.THREAD) {
            pending = worker.submit(() -> {
                int n = batches.fill(b, buffer, bufferTargets);
                if (augmenter != null) {
                    augmenter.apply(buffer, n, augmentSeed.applyAsLong(b));
                }
                return n;
            });
            return;
        }
        pendingCount = batches.fill(b, buffer, bufferTargets);
        // one piece per example: a worker between two products takes a few microseconds of work at a time
        idlePieces = augmenter == null ? 0 : augmenter.begin(buffer, pendingCount, augmentSeed.applyAsLong(b),
                pendingCount);
        idleStarted = idlePieces > 0 && gemm.startIdleJob(idlePieces, augmenter.pieces());
    }

    /** The prepared batch's size, once it is ready; a failure while preparing it rethrown as it was. */
    private int await() {
        pendingBatch = -1;
        return mode == Mode.IDLE ? finishIdle() : awaitThread();
    }

    private int finishIdle() {
        if (idlePieces > 0) {
            int pieces = idlePieces;
            idlePieces = 0;
            try {
                gemm.finishIdleJob(idleStarted, pieces, augmenter.pieces());
            } finally {
                augmenter.end();
            }
        }
        return pendingCount;
    }

    private int awaitThread() {
        Future<Integer> f = pending;
        pending = null;
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
        if (pendingBatch < 0) {
            return;
        }
        try {
            await();
        } catch (RuntimeException ignored) {
            // its failure belongs to a batch nobody asked for
        }
    }

    /** Finishes the batch under way and stops the feed's thread, waiting for it to end (milliseconds). */
    @Override
    public void close() {
        if (mode == Mode.IDLE) {
            drop(); // no worker may still write into the buffer once the run is over
            return;
        }
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
            Thread t = thread;
            if (t != null) {
                t.join(TimeUnit.SECONDS.toMillis(10)); // the executor terminates a moment before its thread ends
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            serial.close();
        }
    }
}
