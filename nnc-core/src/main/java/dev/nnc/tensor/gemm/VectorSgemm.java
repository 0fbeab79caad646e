package dev.nnc.tensor.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Single-threaded float32 GEMM on the Vector API, in the classic packed layout: op(B) is copied in
 * {@code KC x NC} panels cut into {@code NR}-wide slivers, op(A) (times alpha) in {@code MC x KC} blocks cut
 * into {@code MR}-tall slivers, and a register-tiled micro-kernel keeps an {@code MR x NR} tile of C in
 * 2*MR vector registers while it streams one A sliver and one B sliver (kept in L1). Packing absorbs the
 * transposes, offsets and leading dimensions, so the micro-kernel only sees unit-stride data; ragged edges
 * are zero-padded in the packs and clipped when C is written. Internal: use {@link VectorGemm}.
 */
final class VectorSgemm {

    /** 256 bits where the CPU has them, never the preferred 512: see {@link VectorWidth}. */
    static final VectorSpecies<Float> S = VectorWidth.floats();
    static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;
    static final int KC = 256;
    static final int MC = 96;
    static final int NC = 128 * NR;

    /** Per-thread packing buffers, grown once and then reused so steady-state calls allocate nothing. */
    static final class Workspace {
        float[] packA = new float[MC * KC];
        float[] packB = new float[0];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private VectorSgemm() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                     int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (GemmSupport.trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        Workspace ws = WORKSPACE.get();
        int ncMax = Math.min(n, NC);
        int packBSize = KC * roundUp(ncMax, NR);
        if (ws.packB.length < packBSize) {
            ws.packB = new float[packBSize];
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(transB, kc, nc, b, bOff, ldb, pc, jc, ws.packB);
                float betaNow = pc == 0 ? beta : 1f;
                for (int ic = 0; ic < m; ic += MC) {
                    int mc = Math.min(MC, m - ic);
                    packA(transA, mc, kc, alpha, a, aOff, lda, ic, pc, ws.packA);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            if (nr <= L) {
                                // A ragged last sliver of at most one vector (n = 100 leaves 4 columns):
                                // half the work of the full tile.
                                narrowKernel(kc, ws.packA, ir * kc, ws.packB, jr * kc, c,
                                        cOff + (ic + ir) * ldc + jc + jr, ldc, mr, nr, betaNow, ws.tile);
                            } else {
                                microKernel(kc, ws.packA, ir * kc, ws.packB, jr * kc, c,
                                        cOff + (ic + ir) * ldc + jc + jr, ldc, mr, nr, betaNow, ws.tile);
                            }
                        }
                    }
                }
            }
        }
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    /** Packs alpha * op(A)[ic:ic+mc, pc:pc+kc] as MR-tall slivers, each laid out p-major (MR values per p). */
    private static void packA(boolean transA, int mc, int kc, float alpha, float[] a, int aOff, int lda, int ic,
                              int pc, float[] dst) {
        int d = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int i0 = ic + ir;
            if (transA && mr == MR) {
                // op(A)(i, p) = a[p * lda + i]: the MR values of one p are contiguous. Unrolled for a full
                // sliver (MR = 6): the general loop below made the weight-gradient products (Aᵀ·B) ~20% slower.
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + i0;
                    dst[d] = alpha * a[src];
                    dst[d + 1] = alpha * a[src + 1];
                    dst[d + 2] = alpha * a[src + 2];
                    dst[d + 3] = alpha * a[src + 3];
                    dst[d + 4] = alpha * a[src + 4];
                    dst[d + 5] = alpha * a[src + 5];
                    d += MR;
                }
            } else if (transA) {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (pc + p) * lda + i0;
                    for (int r = 0; r < mr; r++) {
                        dst[d + r] = alpha * a[src + r];
                    }
                    for (int r = mr; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                    d += MR;
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    if (r < mr) {
                        int src = aOff + (i0 + r) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * MR + r] = alpha * a[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * MR + r] = 0f;
                        }
                    }
                }
                d += kc * MR;
            }
        }
    }

    /** Packs op(B)[pc:pc+kc, jc:jc+nc] as NR-wide slivers, each laid out p-major (NR values per p). */
    private static void packB(boolean transB, int kc, int nc, float[] b, int bOff, int ldb, int pc, int jc,
                              float[] dst) {
        int d = 0;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int j0 = jc + jr;
            if (transB) {
                // op(B)(p, j) = b[j * ldb + p]: walk each of the nr rows of b contiguously.
                for (int col = 0; col < NR; col++) {
                    if (col < nr) {
                        int src = bOff + (j0 + col) * ldb + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR + col] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[d + p * NR + col] = 0f;
                        }
                    }
                }
                d += kc * NR;
            } else if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(b, bOff + (pc + p) * ldb + j0, dst, d, NR);
                    d += NR;
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (pc + p) * ldb + j0;
                    for (int col = 0; col < nr; col++) {
                        dst[d + col] = b[src + col];
                    }
                    for (int col = nr; col < NR; col++) {
                        dst[d + col] = 0f;
                    }
                    d += NR;
                }
            }
        }
    }

    /**
     * C[0:mr, 0:nr] = beta * C + sum_p A_sliver[p] (outer) B_sliver[p] for one MR x NR tile; the tile lives in
     * twelve accumulators (MR rows x two vectors).
     */
    private static void microKernel(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci, int ldc,
                                    int mr, int nr, float beta, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector av = FloatVector.broadcast(S, pa[ai]);
            c00 = av.fma(b0, c00);
            c01 = av.fma(b1, c01);
            av = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = av.fma(b0, c10);
            c11 = av.fma(b1, c11);
            av = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = av.fma(b0, c20);
            c21 = av.fma(b1, c21);
            av = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = av.fma(b0, c30);
            c31 = av.fma(b1, c31);
            av = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = av.fma(b0, c40);
            c41 = av.fma(b1, c41);
            av = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = av.fma(b0, c50);
            c51 = av.fma(b1, c51);
            ai += MR;
            bi += NR;
        }
        // Park the tile in L1 and update C in a separate method: inlining the C update for all six rows
        // here would push C2 past its inlining node budget, and an un-inlined vector argument is boxed.
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + L);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + L);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + L);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + L);
        c50.intoArray(tile, 5 * NR);
        c51.intoArray(tile, 5 * NR + L);
        updateC(tile, c, ci, ldc, mr, nr, beta);
    }

    /**
     * {@link #microKernel} for a sliver whose first vector holds every live column (nr &lt;= L): six
     * accumulators, reading only the first L values of each p-row of the (still NR-wide) B sliver.
     */
    private static void narrowKernel(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci, int ldc,
                                     int mr, int nr, float beta, float[] tile) {
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S);
        FloatVector c5 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            c0 = FloatVector.broadcast(S, pa[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, pa[ai + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, pa[ai + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, pa[ai + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, pa[ai + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, pa[ai + 5]).fma(b0, c5);
            ai += MR;
            bi += NR;
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, NR);
        c2.intoArray(tile, 2 * NR);
        c3.intoArray(tile, 3 * NR);
        c4.intoArray(tile, 4 * NR);
        c5.intoArray(tile, 5 * NR);
        updateC(tile, c, ci, ldc, mr, nr, beta);
    }

    /** C[0:mr, 0:nr] = beta * C + tile (beta 0 overwrites, so NaN in C is ignored). */
    private static void updateC(float[] tile, float[] c, int ci, int ldc, int mr, int nr, float beta) {
        if (nr == NR) {
            for (int r = 0; r < mr; r++) {
                int row = ci + r * ldc;
                for (int v = 0; v < NR; v += L) {
                    FloatVector t = FloatVector.fromArray(S, tile, r * NR + v);
                    if (beta == 0f) {
                        t.intoArray(c, row + v);
                    } else if (beta == 1f) {
                        FloatVector.fromArray(S, c, row + v).add(t).intoArray(c, row + v);
                    } else {
                        FloatVector.fromArray(S, c, row + v).fma(FloatVector.broadcast(S, beta), t)
                                .intoArray(c, row + v);
                    }
                }
            }
            return;
        }
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc;
            for (int col = 0; col < nr; col++) {
                float t = tile[r * NR + col];
                c[row + col] = beta == 0f ? t : beta * c[row + col] + t;
            }
        }
    }
}
