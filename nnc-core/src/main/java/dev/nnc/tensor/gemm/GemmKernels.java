package dev.nnc.tensor.gemm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds the kernels this JVM can run and picks the fastest: OpenBLAS through nnc's JNI shim when both are
 * there ({@link OpenBlasGemm}: the library from the {@code org.bytedeco:openblas} jar, else the system's),
 * which beat nnc's Vector-API kernel on every training-step shape measured (docs/performance.md), else the Vector-API kernel when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, else the plain-Java blocked kernel, which always works (no
 * flags, no native code). A candidate must reproduce {@link NaiveGemm} on a small product before it is
 * trusted. The system property {@code nnc.gemm.kernel} ({@code openblas}, {@code vector}, {@code blocked},
 * {@code naive}) forces a choice when that kernel is available. See docs/performance.md.
 */
public final class GemmKernels {

    private GemmKernels() {
    }

    /** The Vector-API kernel, if the incubator module is present in this JVM. */
    public static Optional<GemmKernel> vector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return Optional.empty();
        }
        return probe(VectorGemm::new);
    }

    private static final OpenBlasGemm.Result OPENBLAS_LOAD = OpenBlasGemm.load();
    /** Loaded and probed once per JVM: the library cannot change under a running process. */
    private static final Optional<GemmKernel> OPENBLAS = OPENBLAS_LOAD.kernel().filter(GemmKernels::agreesWithNaive);

    /** OpenBLAS through nnc's JNI shim, if both are there and it passes the probe. */
    public static Optional<GemmKernel> openBlas() {
        return OPENBLAS;
    }

    /** Where {@link #openBlas()} was loaded from (a file in the per-user cache, or the system's), else "". */
    public static String openBlasSource() {
        return OPENBLAS.map(k -> ((OpenBlasGemm) k).source()).orElse("");
    }

    /** Why {@link #openBlas()} is empty ("" when it is not). */
    public static String whyNoOpenBlas() {
        if (OPENBLAS_LOAD.kernel().isPresent() && OPENBLAS.isEmpty()) {
            return "it disagreed with the reference product";
        }
        return OPENBLAS_LOAD.whyNot();
    }

    /**
     * The vector widths of this JVM, e.g. {@code JVM vectors up to 512 bits, Vector-API GEMM at 256} (see
     * {@link VectorWidth}), or why there are none.
     */
    public static String vectorWidths() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "no Vector API (the JVM was started without --add-modules jdk.incubator.vector)";
        }
        return "JVM vectors up to " + jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize()
                + " bits, Vector-API GEMM at " + VectorWidth.BITS;
    }

    /** Every kernel that works here, fastest first; the last one is always {@link BlockedGemm}. */
    public static List<GemmKernel> available() {
        List<GemmKernel> list = new ArrayList<>();
        openBlas().ifPresent(list::add);
        vector().ifPresent(list::add);
        list.add(new BlockedGemm());
        return list;
    }

    /** The kernel {@link Gemm} starts with. */
    public static GemmKernel best() {
        String wanted = System.getProperty("nnc.gemm.kernel", "").trim().toLowerCase(Locale.ROOT);
        Optional<GemmKernel> forced = switch (wanted) {
            case "openblas" -> openBlas();
            case "vector" -> vector();
            case "blocked" -> Optional.of(new BlockedGemm());
            case "naive" -> Optional.of(new NaiveGemm());
            default -> Optional.empty();
        };
        return forced.orElseGet(() -> available().get(0));
    }

    private static Optional<GemmKernel> probe(Supplier<GemmKernel> make) {
        try {
            GemmKernel k = make.get();
            return agreesWithNaive(k) ? Optional.of(k) : Optional.empty();
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** A 7 x 5 x 3 product with both operands transposed, offsets, padding and beta, in both precisions. */
    static boolean agreesWithNaive(GemmKernel k) {
        int m = 7;
        int n = 5;
        int kk = 3;
        double[] a = new double[1 + kk * (m + 1)];
        double[] b = new double[2 + n * (kk + 2)];
        double[] c = new double[3 + m * (n + 1)];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i * 37 % 11) - 5;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (i * 53 % 13) - 6;
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = i % 7;
        }
        double[] want = c.clone();
        double[] got = c.clone();
        new NaiveGemm().dgemm(true, true, m, n, kk, 2.0, a, 1, m + 1, b, 2, kk + 2, 0.5, want, 3, n + 1);
        k.dgemm(true, true, m, n, kk, 2.0, a, 1, m + 1, b, 2, kk + 2, 0.5, got, 3, n + 1);
        float[] fa = toFloat(a);
        float[] fb = toFloat(b);
        float[] fgot = toFloat(c);
        k.sgemm(true, true, m, n, kk, 2f, fa, 1, m + 1, fb, 2, kk + 2, 0.5f, fgot, 3, n + 1);
        for (int i = 0; i < c.length; i++) {
            // Small integers and halves: every kernel must get these exactly.
            if (got[i] != want[i] || fgot[i] != (float) want[i]) {
                return false;
            }
        }
        return true;
    }

    private static float[] toFloat(double[] x) {
        float[] f = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = (float) x[i];
        }
        return f;
    }
}
