package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.F64Tensor;
import dev.nnc.tensor.Tensor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The {@link Gemm} facade: kernel choice, fallback without JVM flags, the thread knob, tensor dispatch. */
class GemmTest {

    @Test
    void picksOpenBlasWhereItLoadsElseTheVectorKernel() {
        // surefire runs with --add-modules jdk.incubator.vector (see pom.xml); OpenBLAS needs the JNI shim
        // (built when Maven found a C compiler) and libopenblas.so.0.
        String expected = GemmKernels.openBlas().isPresent() ? "openblas-" : "java-vector";
        assertTrue(Gemm.defaults().kernel().name().startsWith(expected), Gemm.defaults().kernel().name() + "; OpenBLAS: "
                + GemmKernels.whyNoOpenBlas());
    }

    @Test
    void fallsBackWithoutTheVectorModuleInAPlainJvm() throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", cp, GemmFallbackProbe.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), out);
        // No Vector API there: OpenBLAS if this machine has it, else the plain-Java kernel, never nothing.
        assertEquals(GemmKernels.openBlas().isPresent() ? "openblas true" : "java-blocked true",
                out.replaceFirst("^openblas-\\S+", "openblas"));
    }

    @Test
    void eachSessionHasItsOwnThreadsAndNonsenseIsRejected() {
        try (Gemm two = Gemm.withThreads(2); Gemm one = Gemm.withThreads(1)) {
            assertEquals(2, two.threads());
            assertEquals(1, one.threads());
            assertEquals(Gemm.defaultThreads(), Gemm.defaults().threads());
            one.useKernel(new BlockedGemm());
            assertEquals("java-blocked", one.kernel().name());
            assertEquals(Gemm.defaults().kernel().name(), two.kernel().name(), "a session's kernel is its own");
        }
        assertThrows(IllegalArgumentException.class, () -> Gemm.withThreads(0));
    }

    @Test
    void tensorGemmMatchesNaiveInBothPrecisionsOnOneAndTwoThreads() {
        for (int threads = 1; threads <= 2; threads++) {
            try (Gemm gemm = Gemm.withThreads(threads)) {
                // 120 x 90 x 70 is above the pool's split threshold, so two threads really split it.
                checkTensors(gemm, new F64Tensor(70, 120), new F64Tensor(90, 70), new F64Tensor(120, 90));
                checkTensors(gemm, new F32Tensor(70, 120), new F32Tensor(90, 70), new F32Tensor(120, 90));
            }
        }
    }

    /** C = 2 * A^T B^T - C with A stored k x m and B stored n x k. */
    private static void checkTensors(Gemm gemm, Tensor a, Tensor b, Tensor c) {
        int threads = gemm.threads();
        SplittableRandom rnd = new SplittableRandom(threads);
        for (Tensor t : List.of(a, b, c)) {
            for (int i = 0; i < t.size(); i++) {
                t.set(i, rnd.nextDouble(-1, 1));
            }
        }
        int m = 120;
        int n = 90;
        int k = 70;
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.get(p * m + i) * b.get(j * k + p);
                }
                want[i * n + j] = 2 * s - c.get(i * n + j);
            }
        }
        gemm.gemm(true, true, m, n, k, 2.0, a, b, -1.0, c);
        double tol = a instanceof F32Tensor ? 1e-4 : 1e-12;
        for (int i = 0; i < m * n; i++) {
            assertEquals(want[i], c.get(i), tol, "element " + i + " with " + threads + " thread(s)");
        }
    }
}
