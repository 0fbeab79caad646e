package dev.nnc.tensor.gemm;

/**
 * The portable fallback (no JVM flags, no native code): a cache-blocked GEMM in plain Java. op(B) is copied
 * in {@code KC x NC} row-major panels and alpha * op(A) in {@code MC x KC} blocks, which removes the
 * transposes and strides, and the inner loop is the unit-stride axpy {@code C[i, :] += A[i, p] * B[p, :]}
 * that HotSpot's superword pass turns into SIMD code. A C row segment (NC values) stays in L1 while the
 * packed B panel is streamed from L2. Single-threaded; {@link GemmPool} splits work.
 */
public final class BlockedGemm implements GemmKernel {

    static final int KC = 128;
    static final int NC = 512;
    static final int MC = 64;

    /** Per-thread packing buffers, reused so steady-state calls allocate nothing. */
    private static final class Workspace {
        final float[] sa = new float[MC * KC];
        final float[] sb = new float[KC * NC];
        final double[] da = new double[MC * KC];
        final double[] db = new double[KC * NC];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    @Override
    public String name() {
        return "java-blocked";
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                      int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (GemmSupport.trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        float[] pa = ws.sa;
        float[] pb = ws.sb;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                // Pack op(B)[pc:pc+kc, jc:jc+nc] row-major with row stride nc.
                for (int p = 0; p < kc; p++) {
                    if (transB) {
                        for (int j = 0; j < nc; j++) {
                            pb[p * nc + j] = b[bOff + (jc + j) * ldb + pc + p];
                        }
                    } else {
                        System.arraycopy(b, bOff + (pc + p) * ldb + jc, pb, p * nc, nc);
                    }
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    for (int i = 0; i < mc; i++) {
                        for (int p = 0; p < kc; p++) {
                            pa[i * kc + p] = alpha * (transA ? a[aOff + (pc + p) * lda + ic + i]
                                    : a[aOff + (ic + i) * lda + pc + p]);
                        }
                    }
                    for (int i = 0; i < mc; i++) {
                        int ci = cOff + (ic + i) * ldc + jc;
                        if (pc == 0) {
                            GemmSupport.scale(1, nc, beta, c, ci, ldc);
                        }
                        for (int p = 0; p < kc; p++) {
                            float av = pa[i * kc + p];
                            int bp = p * nc;
                            for (int j = 0; j < nc; j++) {
                                c[ci + j] += av * pb[bp + j];
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (GemmSupport.trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        double[] pa = ws.da;
        double[] pb = ws.db;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int p = 0; p < kc; p++) {
                    if (transB) {
                        for (int j = 0; j < nc; j++) {
                            pb[p * nc + j] = b[bOff + (jc + j) * ldb + pc + p];
                        }
                    } else {
                        System.arraycopy(b, bOff + (pc + p) * ldb + jc, pb, p * nc, nc);
                    }
                }
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    for (int i = 0; i < mc; i++) {
                        for (int p = 0; p < kc; p++) {
                            pa[i * kc + p] = alpha * (transA ? a[aOff + (pc + p) * lda + ic + i]
                                    : a[aOff + (ic + i) * lda + pc + p]);
                        }
                    }
                    for (int i = 0; i < mc; i++) {
                        int ci = cOff + (ic + i) * ldc + jc;
                        if (pc == 0) {
                            GemmSupport.scale(1, nc, beta, c, ci, ldc);
                        }
                        for (int p = 0; p < kc; p++) {
                            double av = pa[i * kc + p];
                            int bp = p * nc;
                            for (int j = 0; j < nc; j++) {
                                c[ci + j] += av * pb[bp + j];
                            }
                        }
                    }
                }
            }
        }
    }
}
