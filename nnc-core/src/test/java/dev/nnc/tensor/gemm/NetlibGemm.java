package dev.nnc.tensor.gemm;

import com.google.common.base.Preconditions;
import dev.ludovic.netlib.blas.BLAS;

/**
 * Adapter to a dev.ludovic.netlib {@link BLAS} (the JNI binding to the system's libblas.so.3, e.g.
 * OpenBLAS, or that library's Vector-API Java BLAS). BLAS is column-major, and a row-major m x n matrix
 * with row stride ld is the column-major n x m transpose with the same ld, so row-major
 * C = op(A) op(B) is computed as the column-major C^T = op(B)^T op(A)^T: swap the operands, not the flags.
 *
 * <p>A benchmark peer only (test scope): the binding checks that every operand holds lda x columns values,
 * one more partial row than BLAS needs, so it rejects sub-blocks of padded arrays that the contract allows.
 */
final class NetlibGemm implements GemmKernel {

    private final BLAS blas;
    private final String name;

    NetlibGemm(BLAS blas, String name) {
        this.blas = Preconditions.checkNotNull(blas);
        this.name = Preconditions.checkNotNull(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                      int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c,
                cOff, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        blas.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha, b, bOff, ldb, a, aOff, lda, beta, c,
                cOff, ldc);
    }
}
