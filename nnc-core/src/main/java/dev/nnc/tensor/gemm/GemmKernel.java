package dev.nnc.tensor.gemm;

/**
 * A general matrix multiply on row-major arrays: C = alpha * op(A) * op(B) + beta * C, where op(X) is X or
 * its transpose, op(A) is m x k, op(B) is k x n and C is m x n. {@code lda}, {@code ldb}, {@code ldc} are
 * the row strides of A, B and C as stored (before the transpose). When beta is 0, C's old contents are
 * ignored (they may be NaN).
 */
public interface GemmKernel {

    /** A short name for logs and benchmarks, e.g. {@code java-blocked} or {@code openblas}. */
    String name();

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff, int lda,
               double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc);
}
