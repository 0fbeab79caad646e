package dev.nnc.tensor.gemm;

/**
 * The pure-Java fast path: packed, register-tiled GEMM on the incubating Vector API (see
 * {@link VectorSgemm}). Needs {@code --add-modules jdk.incubator.vector} at run time; {@link Gemm} probes
 * for it and falls back to {@link BlockedGemm} without it. Single-threaded; {@link GemmPool} splits work.
 */
public final class VectorGemm implements GemmKernel {

    /** Refuses a JVM whose vectors are narrower than 128 bits: the API would run its slow Java code there. */
    public VectorGemm() {
        if (!VectorWidth.runsNatively()) {
            throw new UnsupportedOperationException("no 128-bit vectors in this JVM (" + VectorWidth.BITS
                    + " bits)");
        }
    }

    @Override
    public String name() {
        return "java-vector-" + VectorSgemm.S.vectorBitSize();
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                      int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        VectorSgemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        VectorDgemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
