package dev.nnc.tensor.gemm;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * OpenBLAS through nnc's own JNI shim ({@code src/main/native/nncblas.c}, built into the jar by Maven when a
 * C compiler is present), operands passed without copying. The library comes, in this order, from the
 * {@code org.bytedeco:openblas} jar on the class path (Maven Central; nnc-core depends on the one for the
 * build machine's architecture), extracted once into the per-user cache of {@link NativeCache}; else from
 * the system ({@code libopenblas.so.0}, e.g. Debian's {@code libopenblas0}). The system property
 * {@code nnc.openblas} picks one source: {@code bundled}, {@code system} or {@code off}. Without the shim
 * (no C compiler at build time) nnc runs its Vector-API kernel and says why. OpenBLAS runs single-threaded
 * here (the shim sets it); {@link GemmPool} splits the products as for every kernel.
 *
 * <p>Every index range is checked in Java before the call, so a bad argument throws
 * {@link IndexOutOfBoundsException} as the Java kernels do, instead of reaching native code. Degenerate
 * shapes (a zero dimension, k = 0, alpha = 0) are done in Java, where BLAS would reject a zero leading
 * dimension.
 */
final class OpenBlasGemm implements GemmKernel {

    static final String LIBRARY = "libopenblas.so.0";
    /** The libraries of the bytedeco jar that libopenblas needs beside it (it finds them through $ORIGIN). */
    private static final List<String> BUNDLED = List.of("libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5",
            LIBRARY);

    private final String name;
    private final String source;

    private OpenBlasGemm(String config, String source) {
        // openblas_get_config() reads like "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH ... Zen MAX_THREADS=64".
        String[] words = config.trim().split("\\s+");
        this.name = words.length >= 2 && words[0].equals("OpenBLAS") ? "openblas-" + words[1] : "openblas";
        this.source = source;
    }

    /** Where the library was loaded from: the cached copy of the bytedeco jar's, or the system's. */
    String source() {
        return source;
    }

    /** The kernel, or why it is not available here. */
    static Result load() {
        String mode = System.getProperty("nnc.openblas", "auto").trim().toLowerCase(Locale.ROOT);
        if (mode.equals("off")) {
            return Result.missing("turned off (-Dnnc.openblas=off)");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            return Result.missing("the JNI shim is built on Linux only, not on " + os);
        }
        String arch = System.getProperty("os.arch", "");
        // Built by Maven into the classes (and so the jar) for the architecture it ran on.
        String shim = "/native/linux-" + arch + "/libnncblas.so";
        URL url = OpenBlasGemm.class.getResource(shim);
        if (url == null) {
            return Result.missing("no JNI shim " + shim + " in the build (no C compiler when it was built)");
        }
        try {
            System.load(NativeCache.files(Map.of("libnncblas.so", url)).get(0).toString());
        } catch (IOException | LinkageError e) {
            return Result.missing("the JNI shim did not load: " + e.getMessage());
        }
        List<String> why = new ArrayList<>();
        if (!mode.equals("system")) {
            Optional<Path> bundled;
            try {
                bundled = bundled(arch);
            } catch (IOException e) {
                bundled = Optional.empty();
                why.add("the bundled OpenBLAS could not be extracted: " + e.getMessage());
            }
            if (bundled.isPresent()) {
                String error = open(bundled.get().toString());
                if (error == null) {
                    return new Result(Optional.of(new OpenBlasGemm(config(), bundled.get().toString())), "");
                }
                why.add(bundled.get() + ": " + error);
            } else if (why.isEmpty()) {
                why.add("no org.bytedeco:openblas jar for linux-" + bytedecoArch(arch) + " on the class path");
            }
        }
        if (!mode.equals("bundled")) {
            String error = open(LIBRARY);
            if (error == null) {
                return new Result(Optional.of(new OpenBlasGemm(config(), "system " + LIBRARY)), "");
            }
            why.add("system " + LIBRARY + ": " + error);
        }
        return Result.missing(String.join("; ", why));
    }

    /** JavaCPP's name for an architecture ({@code os.arch} amd64 is its linux-x86_64, aarch64 its linux-arm64). */
    static String bytedecoArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "arm64";
            default -> osArch;
        };
    }

    /** The bytedeco jar's libopenblas, extracted with its neighbours into the cache; empty if no such jar. */
    private static Optional<Path> bundled(String arch) throws IOException {
        String dir = "/org/bytedeco/openblas/linux-" + bytedecoArch(arch) + "/";
        Map<String, URL> files = new LinkedHashMap<>();
        for (String lib : BUNDLED) {
            URL u = OpenBlasGemm.class.getResource(dir + lib);
            if (u == null) {
                if (lib.equals(LIBRARY)) {
                    return Optional.empty();
                }
                continue; // a build that links its runtime statically has no such neighbour
            }
            files.put(lib, u);
        }
        List<Path> local = NativeCache.files(files);
        return Optional.of(local.get(local.size() - 1));
    }

    /** The kernel if it loaded, else an empty value and the reason. */
    record Result(Optional<GemmKernel> kernel, String whyNot) {
        static Result missing(String why) {
            return new Result(Optional.empty(), why);
        }
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
