package dev.nnc.tensor.gemm;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import java.lang.ref.Cleaner;

/**
 * The one door operators use for matrix multiplies: a GEMM session that dispatches a {@link Tensor} GEMM to
 * its {@link GemmKernel} in the tensors' precision, split over {@link #threads()} threads by its
 * {@link GemmPool}. Row-major, offsets and leading dimensions as in {@link GemmKernel}.
 *
 * <p>A session travels with the network that uses it (through {@code ExecContext}), so two models in one
 * JVM can train at once with different kernels or thread counts; nothing here is process-wide and
 * settable. {@link #defaults()} gives a session on a shared pool sized to the available processors (or the
 * system property {@code nnc.gemm.threads}) with the best kernel (see {@link GemmKernels#best()});
 * {@link #withThreads} gives a session with its own pool, whose workers stop when it is {@linkplain #close()
 * closed} or no longer reachable. Sessions are not meant to be shared between concurrent training loops:
 * a pool busy with one call runs another caller's call single-threaded, and a depth-split product sums in
 * a different order than a serial one.
 */
public final class Gemm implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    /** The shared default pool, made on first use and never reconfigured. */
    private static final class Shared {
        static final GemmPool POOL = new GemmPool(defaultThreads());
        static final GemmKernel BEST = GemmKernels.best();
    }

    /** The kernel; a session may switch it (e.g. away from one that allocates), never another session's. */
    private volatile GemmKernel kernel;
    /** While an {@link AllocationGuard} watches: the thread whose kernel calls are metered, else null. */
    private Thread metered;
    /** Bytes the metered thread allocated inside this session's products while metered. */
    private long meteredBytes;
    private final GemmPool pool;
    private final Cleaner.Cleanable cleanable;

    private Gemm(GemmKernel kernel, GemmPool pool, boolean owned) {
        this.kernel = Preconditions.checkNotNull(kernel);
        this.pool = pool;
        // The action holds the pool, not this session, so the session can become unreachable.
        this.cleanable = owned ? CLEANER.register(this, pool::close) : null;
    }

    /** A session with the best kernel on the shared default pool. */
    public static Gemm defaults() {
        return new Gemm(Shared.BEST, Shared.POOL, false);
    }

    /** A session with the best kernel and its own pool of {@code threads} threads (the caller counts as one). */
    public static Gemm withThreads(int threads) {
        return create(Shared.BEST, threads);
    }

    /** A session with {@code kernel} and its own pool of {@code threads} threads. */
    public static Gemm create(GemmKernel kernel, int threads) {
        Preconditions.checkArgument(threads >= 1 && threads <= 256, "GEMM threads must be in 1..256, got %s",
                threads);
        return new Gemm(kernel, new GemmPool(threads), true);
    }

    /** The number of processors, or the system property {@code nnc.gemm.threads}: what {@link #defaults()} uses. */
    public static int defaultThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(256, Integer.getInteger("nnc.gemm.threads", cpus)));
    }

    public GemmKernel kernel() {
        return kernel;
    }

    /** Uses {@code k} for this session's later products (e.g. the allocation guard's fallback). */
    public void useKernel(GemmKernel k) {
        kernel = Preconditions.checkNotNull(k);
    }

    public int threads() {
        return pool.threads();
    }

    /** Stops this session's own pool (nothing for a session on the shared pool); later calls run serially. */
    @Override
    public void close() {
        if (cleanable != null) {
            cleanable.clean();
        }
    }

    /**
     * Counts what the calling thread allocates inside this session's products from now on (the guard's
     * evidence: the products alone, not element loops that may still be warming up), or stops counting.
     */
    void meter(boolean on) {
        metered = on ? Thread.currentThread() : null;
        meteredBytes = 0;
    }

    /** Bytes counted since {@link #meter} turned counting on. */
    long meteredBytes() {
        return meteredBytes;
    }

    /** C = alpha * op(A) op(B) + beta * C on whole tensors viewed as matrices with the given strides. */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, int aOff,
                     int lda, Tensor b, int bOff, int ldb, double beta, Tensor c, int cOff, int ldc) {
        if (metered != null && metered == Thread.currentThread()) {
            long before = AllocationGuard.allocatedBytes();
            product(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            meteredBytes += AllocationGuard.allocatedBytes() - before;
        } else {
            product(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    private void product(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, int aOff,
                         int lda, Tensor b, int bOff, int ldb, double beta, Tensor c, int cOff, int ldc) {
        if (c instanceof F32Tensor cf) {
            pool.sgemm(kernel, transA, transB, m, n, k, (float) alpha, ((F32Tensor) a).data(), aOff, lda,
                    ((F32Tensor) b).data(), bOff, ldb, (float) beta, cf.data(), cOff, ldc);
        } else {
            pool.dgemm(kernel, transA, transB, m, n, k, alpha, ((F64Tensor) a).data(), aOff, lda,
                    ((F64Tensor) b).data(), bOff, ldb, beta, ((F64Tensor) c).data(), cOff, ldc);
        }
    }

    /**
     * Runs {@code body} for pieces 0 .. pieces-1 on the session's threads (see {@link GemmPool#forEach}); for
     * work such as a convolution's per-example products, each too small to split. GEMMs inside a piece run
     * on the piece's thread.
     */
    public void forEach(int pieces, GemmPool.Pieces body) {
        pool.forEach(pieces, body);
    }

    /** See {@link GemmPool#startIdleJob}: pieces the session's workers run while its products leave them idle. */
    public boolean startIdleJob(int pieces, GemmPool.Pieces body) {
        return pool.startIdleJob(pieces, body);
    }

    /** See {@link GemmPool#finishIdleJob}. */
    public void finishIdleJob(boolean started, int pieces, GemmPool.Pieces body) {
        pool.finishIdleJob(started, pieces, body);
    }

    /** Dense shorthand: op(A) is m x k, op(B) is k x n, C is m x n, all packed (no padding, offset 0). */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, Tensor b,
                     double beta, Tensor c) {
        gemm(transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
    }
}
