package dev.nnc.tensor.gemm;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;

/**
 * The one door operators use for matrix multiplies: dispatches a {@link Tensor} GEMM to the process-wide
 * {@link GemmKernel} in the tensors' precision, split over {@link #threads()} threads by a {@link GemmPool}.
 * Row-major, offsets and leading dimensions as in {@link GemmKernel}.
 *
 * <p>At startup the best available kernel is chosen (see {@link GemmKernels#best()}); {@code kernel().name()}
 * reports it. The thread count defaults to the number of available processors, or the system property
 * {@code nnc.gemm.threads}.
 */
public final class Gemm {

    private static volatile GemmKernel kernel = GemmKernels.best();
    private static volatile GemmPool pool = new GemmPool(defaultThreads());

    private Gemm() {
    }

    public static GemmKernel kernel() {
        return kernel;
    }

    public static void setKernel(GemmKernel k) {
        kernel = Preconditions.checkNotNull(k);
    }

    public static int threads() {
        return pool.threads();
    }

    /** Uses {@code n} threads for large products from now on (the caller counts as one). */
    public static synchronized void setThreads(int n) {
        Preconditions.checkArgument(n >= 1 && n <= 256, "GEMM threads must be in 1..256, got %s", n);
        if (n != pool.threads()) {
            GemmPool old = pool;
            pool = new GemmPool(n);
            old.close();
        }
    }

    private static int defaultThreads() {
        int cpus = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(256, Integer.getInteger("nnc.gemm.threads", cpus)));
    }

    /** C = alpha * op(A) op(B) + beta * C on whole tensors viewed as matrices with the given strides. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, int aOff,
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
     * Runs {@code body} for pieces 0 .. pieces-1 on the GEMM threads (see {@link GemmPool#forEach}); for work
     * such as a convolution's per-example products, each too small to split. GEMMs inside a piece run on the
     * piece's thread.
     */
    public static void forEach(int pieces, GemmPool.Pieces body) {
        pool.forEach(pieces, body);
    }

    /** Dense shorthand: op(A) is m x k, op(B) is k x n, C is m x n, all packed (no padding, offset 0). */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Tensor a, Tensor b,
                            double beta, Tensor c) {
        gemm(transA, transB, m, n, k, alpha, a, 0, transA ? m : k, b, 0, transB ? k : n, beta, c, 0, n);
    }
}
