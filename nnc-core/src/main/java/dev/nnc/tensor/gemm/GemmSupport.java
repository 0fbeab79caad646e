package dev.nnc.tensor.gemm;

import java.util.Arrays;

/** Helpers shared by the kernels. Internal. */
final class GemmSupport {

    private GemmSupport() {
    }

    /**
     * Does the products with nothing to multiply: nothing for an empty C, C = beta·C when k is 0 or alpha
     * is 0. True if it did (the kernel then returns), false for a real product.
     */
    static boolean trivial(int m, int n, int k, float alpha, float beta, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return true;
        }
        if (k <= 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return true;
        }
        return false;
    }

    static boolean trivial(int m, int n, int k, double alpha, double beta, double[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return true;
        }
        if (k <= 0 || alpha == 0.0) {
            scale(m, n, beta, c, cOff, ldc);
            return true;
        }
        return false;
    }

    /** C = beta * C over an m x n block; beta 0 writes zeros so NaN in C is ignored, as BLAS does. */
    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }

    static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0.0) {
                Arrays.fill(c, ci, ci + n, 0.0);
            } else if (beta != 1.0) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }
}
