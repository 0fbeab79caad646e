package dev.nnc.tensor.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the OpenBLAS kernel does on the Java side of its shim (its products are checked with every other
 * kernel's in {@link GemmKernelTest}). Skipped where the shim or the library is missing: then the reason is
 * all there is to check.
 */
class OpenBlasGemmTest {

    private static GemmKernel openBlas() {
        assumeTrue(GemmKernels.openBlas().isPresent(), "OpenBLAS not available: " + GemmKernels.whyNoOpenBlas());
        return GemmKernels.openBlas().get();
    }

    @Test
    void saysWhyWhenItIsMissingAndNothingWhenItIsThere() {
        String why = GemmKernels.whyNoOpenBlas();
        assertEquals(GemmKernels.openBlas().isPresent(), why.isEmpty(), why);
    }

    @Test
    void namesTheLibraryBuild() {
        assertTrue(openBlas().name().matches("openblas-\\d+\\.\\d+.*"), openBlas().name());
    }

    /** An operand that does not fit its array must not reach native code. */
    @Test
    void rejectsOperandsOutsideTheirArraysBeforeCallingBlas() {
        GemmKernel k = openBlas();
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[4];
        k.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2); // fits exactly
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2)); // A one past the end
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2)); // Bᵀ rows of 3 in ldb 2
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.dgemm(false, false, 2, 2, 3, 1.0, new double[6], 0, 3, new double[6], 0, 2, 0.0,
                        new double[3], 0, 2)); // C too short
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sgemm(true, false, 2, 2, 3, 1f, a, -1, 2, b, 0, 2, 0f, c, 0, 2)); // negative offset
    }

    /** k = 0 or alpha = 0 leave beta·C, which BLAS would refuse with a zero leading dimension. */
    @Test
    void degenerateProductsScaleC() {
        GemmKernel k = openBlas();
        float[] c = {1, 2, 3, 4};
        k.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 0, new float[0], 0, 2, 0.5f, c, 0, 2);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, c);
        double[] d = {1, Double.NaN, 3, 4};
        k.dgemm(false, false, 2, 2, 3, 0.0, new double[6], 0, 3, new double[6], 0, 2, 0.0, d, 0, 2);
        assertArrayEquals(new double[] {0, 0, 0, 0}, d);
        k.sgemm(false, false, 0, 2, 3, 1f, new float[0], 0, 3, new float[6], 0, 2, 0f, c, 0, 2); // m = 0
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2}, c);
    }

    @Test
    void aLibraryThatIsNotThereIsReportedNotThrown() {
        openBlas(); // the shim is loaded
        String why = OpenBlasGemm.tryOpen("libno-such-blas.so.0");
        assertTrue(why != null && why.contains("libno-such-blas"), String.valueOf(why));
        String notBlas = OpenBlasGemm.tryOpen("libm.so.6"); // opens, but has no cblas_sgemm
        assertTrue(notBlas != null && notBlas.startsWith("not an OpenBLAS"), String.valueOf(notBlas));
        // the kernel still works: a failed open leaves the loaded library in place
        float[] c = new float[1];
        openBlas().sgemm(false, false, 1, 1, 1, 1f, new float[] {3}, 0, 1, new float[] {4}, 0, 1, 0f, c, 0, 1);
        assertEquals(12f, c[0]);
    }

    /** Whether the build put JavaCPP's OpenBLAS jar on the class path (nnc-core's pom does on Linux x86-64 and arm64). */
    private static boolean bundledJarPresent() {
        String arch = OpenBlasGemm.bytedecoArch(System.getProperty("os.arch", ""));
        return OpenBlasGemm.class.getResource("/org/bytedeco/openblas/linux-" + arch + "/libopenblas.so.0") != null;
    }

    /**
     * From the Maven jar alone, the system library hidden (-Dnnc.openblas=bundled never looks for it): the
     * library and its runtime are extracted into the given cache (not /tmp), under a directory named by their
     * checksums, chosen as the default kernel, and reused as they are by the next JVM.
     */
    @Test
    void theMavenCentralLibraryLoadsFromTheUserCacheWithNothingInstalled(@TempDir Path cache)
            throws IOException, InterruptedException {
        assumeTrue(bundledJarPresent(), "no org.bytedeco:openblas jar for this platform on the class path");
        assumeTrue(OpenBlasGemm.class.getResource("/native/linux-" + System.getProperty("os.arch") + "/libnncblas.so")
                != null, "no JNI shim in this build (no C compiler): " + GemmKernels.whyNoOpenBlas());
        List<String> first = probe("-Dnnc.openblas=bundled", "-Dnnc.native.cache=" + cache);
        assertTrue(first.get(0).startsWith("openblas-"), first.toString());
        Path lib = Path.of(first.get(1));
        assertEquals(cache, lib.getParent().getParent(), first.toString());
        assertEquals("libopenblas.so.0", lib.getFileName().toString());
        assertTrue(Files.isRegularFile(lib.resolveSibling("libgfortran.so.5")));
        long modified = Files.getLastModifiedTime(lib).toMillis();
        List<String> again = probe("-Dnnc.openblas=bundled", "-Dnnc.native.cache=" + cache);
        assertEquals(first, again);
        assertEquals(modified, Files.getLastModifiedTime(lib).toMillis(), "the cached copy is reused, not rewritten");
        try (var files = Files.list(lib.getParent())) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".part")).toList(), "no leftovers");
        }
    }

    /** Turned off, or asked for a system library this machine lacks: the Vector-API kernel, with the reason. */
    @Test
    void withoutALibraryTheJavaKernelRunsAndTheReasonIsGiven(@TempDir Path cache)
            throws IOException, InterruptedException {
        List<String> off = probe("-Dnnc.openblas=off", "-Dnnc.native.cache=" + cache);
        assertTrue(off.get(0).startsWith("java-vector-"), off.toString());
        assertEquals("missing: turned off (-Dnnc.openblas=off)", off.get(1));
    }

    private static List<String> probe(String... flags) throws IOException, InterruptedException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-cp", cp, OpenBlasProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.lines().filter(l -> !l.startsWith("WARNING")).toList();
    }
}
