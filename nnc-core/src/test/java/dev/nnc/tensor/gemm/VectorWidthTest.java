package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * The Vector-API GEMM's width is chosen, not inherited (see {@link VectorWidth}), and at that width the
 * kernel allocates nothing once warm. The build runs this class again under other widths (pom.xml:
 * executions vector-128 and vector-avx2, which set {@code nnc.test.vectorBits}), so every width this CPU
 * can run is checked, AVX-512 included where the CPU has it.
 */
class VectorWidthTest {

    /** Calls per measured round; one boxed vector per call would allocate far more than the bound. */
    private static final int CALLS = 40;
    private static final long BOUND_BYTES = 512;

    @Test
    void theWidthIsTheCpusOwnCappedAt256Bits() {
        assumeTrue(GemmKernels.vector().isPresent(), "no Vector API in this JVM");
        int preferred = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        String expected = System.getProperty("nnc.test.vectorBits");
        if (expected != null) { // a per-width execution: the JVM flag must have taken effect
            assertEquals(Integer.parseInt(expected), VectorWidth.BITS, "preferred " + preferred);
        }
        assertEquals(Math.min(256, preferred), VectorWidth.BITS);
        assertEquals("java-vector-" + VectorWidth.BITS, new VectorGemm().name());
        assertEquals(VectorWidth.BITS, VectorSgemm.S.vectorBitSize());
        assertEquals(VectorWidth.BITS, VectorDgemm.S.vectorBitSize());
    }

    @Test
    void theKernelAllocatesNothingOnceWarmInEitherPrecision() {
        assumeTrue(GemmKernels.vector().isPresent(), "no Vector API in this JVM");
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        GemmKernel kernel = new VectorGemm();
        // The MLP's products (forward, weight and input gradients, a ragged 100-wide edge) and a
        // convolution's (30 filters x 576 positions x 25 taps), in both precisions.
        int[][] shapes = {{100, 100, 784, 0}, {784, 100, 100, 1}, {100, 784, 100, 2}, {30, 576, 25, 0},
                          {25, 30, 576, 2}, {7, 5, 3, 3}};
        SplittableRandom rnd = new SplittableRandom(11);
        for (int[] s : shapes) {
            boolean tA = (s[3] & 1) != 0;
            boolean tB = (s[3] & 2) != 0;
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] fa = new float[m * k];
            float[] fb = new float[k * n];
            float[] fc = new float[m * n];
            double[] da = new double[m * k];
            double[] db = new double[k * n];
            double[] dc = new double[m * n];
            for (int i = 0; i < fa.length; i++) {
                da[i] = rnd.nextDouble() - 0.5;
                fa[i] = (float) da[i];
            }
            for (int i = 0; i < fb.length; i++) {
                db[i] = rnd.nextDouble() - 0.5;
                fb[i] = (float) db[i];
            }
            Runnable call = () -> {
                kernel.sgemm(tA, tB, m, n, k, 1f, fa, 0, tA ? m : k, fb, 0, tB ? k : n, 0.5f, fc, 0, n);
                kernel.dgemm(tA, tB, m, n, k, 1.0, da, 0, tA ? m : k, db, 0, tB ? k : n, 0.5, dc, 0, n);
            };
            long allocated = Long.MAX_VALUE;
            // Early rounds run before C2 has compiled the kernel (interpreted vectors allocate); a kernel
            // that boxes in its compiled form never gets under the bound.
            for (int round = 0; round < 60 && allocated > BOUND_BYTES; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < CALLS; i++) {
                    call.run();
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            long last = allocated;
            assertTrue(last <= BOUND_BYTES, () -> "java-vector-" + VectorWidth.BITS + " allocated " + last
                    + " bytes over " + CALLS + " calls of " + m + " x " + n + " x " + k);
        }
    }
}
