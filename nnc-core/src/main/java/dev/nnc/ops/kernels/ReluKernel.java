package dev.nnc.ops.kernels;

import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.gemm.GemmPool;

/**
 * The loops of the relu operator: ops/Relu.java has the formulas and the float64 reference these are tested
 * against (ReluKernelTest).
 *
 * The loops run on the raw arrays of each precision (no virtual element access) and are branch-free: a
 * conv layer's relu has about as many positive as negative inputs, so a branch per element mispredicts
 * half the time. Backward multiplies dy by the step [x > 0] computed as min(max(x, 0)·2^K, 1), with 2^K
 * large enough to lift the smallest positive subnormal to at least 1 (and a NaN input gives NaN); the JIT
 * vectorizes max, min and multiply. Large tensors (a conv layer's) are split over the GEMM threads.
 */
public final class ReluKernel {

    /** Tensors smaller than this run on the caller: waking the GEMM threads costs more than it saves. */
    private static final int PARALLEL_MIN = 1 << 16;

    // The call in flight, read by the piece bodies (created once, so a step allocates nothing).
    /** The network's GEMM session: its kernel, threads and pool. */
    private final Gemm gemm;
    private final GemmPool.Pieces forwardPiece = this::forwardPiece;
    private final GemmPool.Pieces backwardPiece = this::backwardPiece;
    private Tensor curX;
    private Tensor curA;
    private Tensor curB;
    private int curPieces;

    public ReluKernel(Gemm gemm) {
        this.gemm = gemm;
    }

    /** y = max(x, 0). */
    public void forward(Tensor x, Tensor y) {
        run(x, y, null, forwardPiece);
    }

    /** dx = dy · [x > 0] (overwritten). */
    public void backward(Tensor x, Tensor dy, Tensor dx) {
        run(x, dy, dx, backwardPiece);
    }

    /**
     * Runs {@code body} over contiguous pieces of the elements, on the GEMM threads when the tensor is large
     * (four pieces per thread, so the others take over a descheduled thread's share); elementwise, so the
     * split never changes a result.
     */
    private void run(Tensor x, Tensor a, Tensor b, GemmPool.Pieces body) {
        int threads = gemm.threads();
        curPieces = x.size() < PARALLEL_MIN || threads == 1 ? 1 : 4 * threads;
        curX = x;
        curA = a;
        curB = b;
        try {
            gemm.forEach(curPieces, body);
        } finally {
            curX = null;
            curA = null;
            curB = null;
        }
    }

    private int start(int piece) {
        return (int) ((long) curX.size() * piece / curPieces);
    }

    /** y = max(x, 0) over piece {@code piece}. */
    private void forwardPiece(int piece) {
        int lo = start(piece);
        int hi = start(piece + 1);
        if (curX instanceof F32Tensor fx) {
            float[] a = fx.data();
            float[] y = ((F32Tensor) curA).data();
            for (int i = lo; i < hi; i++) {
                y[i] = Math.max(a[i], 0f);
            }
        } else {
            double[] a = ((F64Tensor) curX).data();
            double[] y = ((F64Tensor) curA).data();
            for (int i = lo; i < hi; i++) {
                y[i] = Math.max(a[i], 0.0);
            }
        }
    }

    /** dx = dy · [x > 0] over piece {@code piece}. */
    private void backwardPiece(int piece) {
        int lo = start(piece);
        int hi = start(piece + 1);
        if (curX instanceof F32Tensor fx) {
            float[] a = fx.data();
            float[] dy = ((F32Tensor) curA).data();
            float[] d = ((F32Tensor) curB).data();
            for (int i = lo; i < hi; i++) {
                // 2^100 · 2^49 = 2^149 takes 2^-149 to 1 (two steps: 2^149 is not a float); bigger x overflows to ∞.
                d[i] = dy[i] * Math.min(Math.max(a[i], 0f) * 0x1p100f * 0x1p49f, 1f);
            }
        } else {
            double[] a = ((F64Tensor) curX).data();
            double[] dy = ((F64Tensor) curA).data();
            double[] d = ((F64Tensor) curB).data();
            for (int i = lo; i < hi; i++) {
                // 2^600 · 2^474 = 2^1074 takes the smallest subnormal, 2^-1074, to 1.
                d[i] = dy[i] * Math.min(Math.max(a[i], 0.0) * 0x1p600 * 0x1p474, 1.0);
            }
        }
    }
}
