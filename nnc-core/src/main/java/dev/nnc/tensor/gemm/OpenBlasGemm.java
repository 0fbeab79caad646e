package dev.nnc.tensor.gemm;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * The system's OpenBLAS ({@code libopenblas.so.0}, Debian's {@code libopenblas0}) through nnc's own JNI shim
 * ({@code src/main/native/nncblas.c}, built into the jar by Maven when a C compiler is present). Used only
 * where both exist: a machine with only a JDK and Maven runs the Vector-API kernel instead. OpenBLAS runs
 * single-threaded here (the shim sets it); {@link GemmPool} splits the products as for every kernel.
 *
 * <p>Every index range is checked in Java before the call, so a bad argument throws
 * {@link IndexOutOfBoundsException} as the Java kernels do, instead of reaching native code. Degenerate
 * shapes (a zero dimension, k = 0, alpha = 0) are done in Java, where BLAS would reject a zero leading
 * dimension.
 */
final class OpenBlasGemm implements GemmKernel {

    static final String LIBRARY = "libopenblas.so.0";

    private final String name;

    private OpenBlasGemm(String config) {
        // openblas_get_config() reads like "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ... Zen MAX_THREADS=64".
        String[] words = config.trim().split("\\s+");
        this.name = words.length >= 2 && words[0].equals("OpenBLAS") ? "openblas-" + words[1] : "openblas";
    }

    /** The kernel, or why it is not available here. */
    static Result load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return Result.missing("the JNI shim is built on Linux only, not on " + os);
        }
        // Built by Maven into the classes (and so the jar) for the architecture it ran on.
        String shim = "/native/linux-" + System.getProperty("os.arch", "") + "/libnncblas.so";
        URL url = OpenBlasGemm.class.getResource(shim);
        if (url == null) {
            return Result.missing("no JNI shim " + shim + " in the build (no C compiler when it was built)");
        }
        try {
            System.load(localFile(url).toString());
            String error = open(LIBRARY);
            if (error != null) {
                return Result.missing(LIBRARY + ": " + error);
            }
            return new Result(Optional.of(new OpenBlasGemm(config())), "");
        } catch (IOException | LinkageError e) {
            return Result.missing("the JNI shim did not load: " + e.getMessage());
        }
    }

    /** The kernel if it loaded, else an empty value and the reason. */
    record Result(Optional<GemmKernel> kernel, String whyNot) {
        static Result missing(String why) {
            return new Result(Optional.empty(), why);
        }
    }

    /** A file System.load can take: the resource itself from a directory, else a copy out of the jar. */
    private static Path localFile(URL url) throws IOException {
        if (url.getProtocol().equals("file")) {
            try {
                return Paths.get(url.toURI());
            } catch (java.net.URISyntaxException e) {
                throw new IOException(e);
            }
        }
        Path tmp = Files.createTempFile("nnc-blas-", ".so");
        tmp.toFile().deleteOnExit();
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        return tmp;
    }

    private static native String open(String library);

    /** Opens another library through the loaded shim (for tests): null, or why it failed. */
    static String tryOpen(String library) {
        return open(library);
    }

    private static native String config();

    private static native void sgemm0(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                                      int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c,
                                      int cOff, int ldc);

    private static native void dgemm0(boolean transA, boolean transB, int m, int n, int k, double alpha,
                                      double[] a, int aOff, int lda, double[] b, int bOff, int ldb, double beta,
                                      double[] c, int cOff, int ldc);

    @Override
    public String name() {
        return name;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                      int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (GemmSupport.trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        checkOperands(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        sgemm0(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOff,
                      int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
        if (GemmSupport.trivial(m, n, k, alpha, beta, c, cOff, ldc)) {
            return;
        }
        checkOperands(transA, transB, m, n, k, a.length, aOff, lda, b.length, bOff, ldb, c.length, cOff, ldc);
        dgemm0(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Every stored matrix must lie inside its array with a row stride of at least its row length. */
    private static void checkOperands(boolean transA, boolean transB, int m, int n, int k, int aLen, int aOff,
                                      int lda, int bLen, int bOff, int ldb, int cLen, int cOff, int ldc) {
        checkMatrix("A", transA ? k : m, transA ? m : k, aLen, aOff, lda);
        checkMatrix("B", transB ? n : k, transB ? k : n, bLen, bOff, ldb);
        checkMatrix("C", m, n, cLen, cOff, ldc);
    }

    private static void checkMatrix(String what, int rows, int cols, int length, int off, int ld) {
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || ld < cols || last >= length) {
            throw new IndexOutOfBoundsException(String.format(
                    "%s: %d x %d from offset %d with row stride %d does not fit an array of %d", what, rows, cols,
                    off, ld, length));
        }
    }
}
