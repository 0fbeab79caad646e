package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.tensor.F32Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The product's own guard against a kernel that allocates in the steady state (issue 11): it names the
 * kernel once and switches the session to the next one, which is then left alone when it is clean.
 */
class AllocationGuardTest {

    /** A correct kernel that allocates a megabyte per call, as a boxed Vector-API kernel does. */
    private static final class Allocating implements GemmKernel {
        static volatile Object sink;

        @Override
        public String name() {
            return "allocating";
        }

        @Override
        public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                          int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            sink = new byte[1 << 20];
            new BlockedGemm().sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff,
                    ldc);
        }

        @Override
        public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                          int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff,
                          int ldc) {
            throw new UnsupportedOperationException();
        }
    }

    private static void assumeCounting() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
    }

    private static void steps(Gemm gemm, AllocationGuard guard, int count) {
        F32Tensor a = new F32Tensor(8, 8);
        F32Tensor b = new F32Tensor(8, 8);
        F32Tensor c = new F32Tensor(8, 8);
        for (int i = 0; i < count; i++) {
            guard.stepStarted();
            gemm.gemm(false, false, 8, 8, 8, 1.0, a, b, 0.0, c);
            guard.stepDone();
        }
    }

    @Test
    void anAllocatingKernelIsNamedOnceAndReplacedByTheNextOne() {
        assumeCounting();
        List<String> said = new ArrayList<>();
        try (Gemm gemm = Gemm.create(new Allocating(), 1)) {
            AllocationGuard guard = new AllocationGuard(gemm, List.of(new BlockedGemm()), said::add, 5, 4, 64 * 1024);
            steps(gemm, guard, 5 + 4); // warm-up and one window: could still be the JIT, no verdict
            assertEquals("allocating", gemm.kernel().name());
            steps(gemm, guard, 4); // a second allocating window
            assertEquals("java-blocked", gemm.kernel().name());
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).startsWith("GEMM kernel allocating allocates 1.0 MiB per training step"), said.get(0));
            assertTrue(said.get(0).contains("switching to java-blocked"), said.get(0));
            steps(gemm, guard, 200); // the blocked kernel is clean: the watch ends, nothing more is said
            assertTrue(guard.done());
            assertEquals(1, said.size(), said.toString());
        }
    }

    @Test
    void aCleanKernelIsLeftAloneAndTheWatchEnds() {
        assumeCounting();
        List<String> said = new ArrayList<>();
        try (Gemm gemm = Gemm.create(new BlockedGemm(), 1)) {
            AllocationGuard guard = new AllocationGuard(gemm, List.of(new NaiveGemm()), said::add, 50, 10, 64 * 1024);
            steps(gemm, guard, 200);
            assertTrue(guard.done());
            assertEquals("java-blocked", gemm.kernel().name());
            assertEquals(List.of(), said);
        }
    }

    @Test
    void withNothingToFallBackToItSaysSoOnce() {
        assumeCounting();
        List<String> said = new ArrayList<>();
        try (Gemm gemm = Gemm.create(new Allocating(), 1)) {
            AllocationGuard guard = new AllocationGuard(gemm, List.of(), said::add, 0, 2, 64 * 1024);
            steps(gemm, guard, 50);
            assertEquals("allocating", gemm.kernel().name());
            assertEquals(1, said.size(), said.toString());
            assertTrue(said.get(0).endsWith("no other kernel to fall back to"), said.get(0));
        }
    }
}
