package dev.nnc.tensor.gemm;

import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * Prints GFLOPS per kernel per shape (the shapes of the MLP and SimpleConvNet training steps), float32 and
 * float64, one and two threads, as a Markdown table. Kernels are measured interleaved, round after round,
 * and the median round is reported, with the ratio to EJML measured in the same run (EJML is
 * single-threaded), because this machine is shared and absolute figures drift. OpenBLAS (through the netlib
 * JNI binding) threads itself, so run one process per thread count with OPENBLAS_NUM_THREADS set to it.
 * Not a test; run with:
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.nnc.tensor.gemm.GemmBenchmark [budgetMillis] [rounds] [threads...]
 * </pre>
 *
 * {@code -Dshapes=TEXT} keeps the shapes whose name contains TEXT (e.g. {@code fcnn}), {@code -Dkernels=a,b}
 * the kernels named, {@code -Df32only=true} skips float64.
 */
public final class GemmBenchmark {

    record Shape(String name, boolean transA, boolean transB, int m, int n, int k) {
        double flops() {
            return 2.0 * m * n * k;
        }
    }

    static final List<Shape> ALL = List.of(
            new Shape("mlp fwd x.W", false, false, 100, 100, 784),
            new Shape("mlp dW xT.dout", true, false, 784, 100, 100),
            new Shape("mlp dx dout.WT", false, true, 100, 784, 100),
            new Shape("hidden 100x100 fwd", false, false, 100, 100, 100),
            new Shape("hidden 100x100 dW", true, false, 100, 100, 100),
            new Shape("out 100->10 fwd", false, false, 100, 10, 100),
            new Shape("out 100->10 dx", false, true, 100, 100, 10),
            new Shape("conv fwd cols.W", false, false, 57600, 30, 25),
            new Shape("conv dW colsT.dout", true, false, 25, 30, 57600),
            new Shape("conv dcols dout.WT", false, true, 57600, 25, 30),
            new Shape("fc 4320->100 fwd", false, false, 100, 100, 4320),
            new Shape("fc 4320->100 dW", true, false, 4320, 100, 100),
            new Shape("fc 4320->100 dx", false, true, 100, 4320, 100),
            // per-example convolution products (Conv splits the batch, one example's product each)
            new Shape("cnn conv1 fwd W.cols", false, false, 30, 576, 25),
            new Shape("cnn conv1 dW dout.colsT", false, true, 30, 25, 576),
            new Shape("cnn conv1 dcols WT.dout", true, false, 25, 576, 30),
            new Shape("fcnn conv2 fwd W.cols", false, false, 64, 196, 288),
            new Shape("fcnn conv2 dW dout.colsT", false, true, 64, 288, 196),
            new Shape("fcnn conv2 dcols WT.dout", true, false, 288, 196, 64),
            // the same products over a 2-thread piece's 12 examples at once (not used: measured no faster)
            new Shape("fcnn conv2 x12 fwd W.cols", false, false, 64, 2352, 288),
            new Shape("fcnn conv2 x12 dW dout.colsT", false, true, 64, 288, 2352),
            new Shape("fcnn conv2 x12 dcols WT.dout", true, false, 288, 2352, 64),
            new Shape("fcnn conv2 x12 fwd colsT.WT", false, false, 2352, 64, 288),
            new Shape("fcnn fc 3136->128 fwd", false, false, 100, 128, 3136),
            new Shape("fcnn fc 3136->128 dW", true, false, 3136, 128, 100));

    /** The shapes measured: those whose name contains {@code -Dshapes=TEXT}, or all. */
    static final List<Shape> SHAPES = ALL.stream()
            .filter(s -> s.name().contains(System.getProperty("shapes", ""))).toList();

    private GemmBenchmark() {
    }

    public static void main(String[] args) {
        long budgetNanos = (args.length > 0 ? Long.parseLong(args[0]) : 60) * 1_000_000L;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] threadCounts = args.length > 2
                ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
        List<GemmKernel> kernels = new ArrayList<>();
        kernels.add(new NaiveGemm());
        kernels.add(new BlockedGemm());
        GemmKernels.vector().ifPresent(kernels::add);
        GemmKernels.openBlas().ifPresent(kernels::add); // nnc's shim: single-threaded, split by the pool
        try {
            kernels.add(new NetlibGemm(NativeBLAS.getInstance(), "openblas-jni"));
        } catch (RuntimeException | LinkageError e) {
            System.out.println("native BLAS unavailable: " + e);
        }
        try {
            kernels.add(new NetlibGemm(JavaBLAS.getInstance(),
                    "netlib-" + JavaBLAS.getInstance().getClass().getSimpleName()));
        } catch (RuntimeException | LinkageError e) {
            System.out.println("netlib JavaBLAS unavailable: " + e);
        }
        kernels.add(new EjmlPeer());
        String only = System.getProperty("kernels");
        if (only != null) {
            kernels.removeIf(k -> !(k instanceof EjmlPeer) && !Arrays.asList(only.split(",")).contains(k.name()));
        }
        System.out.println("Default kernel: " + GemmKernels.best().name() + "; vector species: "
                + (GemmKernels.vector().isPresent() ? VectorSgemm.S : "n/a") + "; OPENBLAS_NUM_THREADS="
                + System.getenv("OPENBLAS_NUM_THREADS"));
        for (boolean single : Boolean.getBoolean("f32only") ? new boolean[] {true} : new boolean[] {true, false}) {
            for (int threads : threadCounts) {
                try (GemmPool pool = new GemmPool(threads)) {
                    table(kernels, single, pool, budgetNanos, rounds);
                }
            }
        }
    }

    /**
     * Peers run without the pool: OpenBLAS threads itself (OPENBLAS_NUM_THREADS), EJML takes no offsets, and
     * the netlib binding rejects the sub-blocks of padded arrays that a split produces.
     */
    private static boolean bypassesPool(GemmKernel k) {
        return !(k instanceof NaiveGemm || k instanceof BlockedGemm || k instanceof VectorGemm
                || k instanceof OpenBlasGemm);
    }

    private static void table(List<GemmKernel> kernels, boolean single, GemmPool pool, long budget, int rounds) {
        System.out.printf(Locale.ROOT, "%n### %s, %d thread(s): GFLOPS (x EJML 1-thread, same run)%n%n",
                single ? "float32" : "float64", pool.threads());
        // Warm-up: let C2 compile every kernel on every shape before anything is recorded.
        SplittableRandom warm = new SplittableRandom(7);
        for (Shape s : SHAPES) {
            Operands op = new Operands(s, single, warm);
            for (GemmKernel k : kernels) {
                measure(k, bypassesPool(k) ? null : pool, s, op, budget);
            }
        }
        StringBuilder head = new StringBuilder("| shape (m x n x k) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (GemmKernel k : kernels) {
            head.append(' ').append(k.name()).append(" |");
            rule.append("---:|");
        }
        System.out.println(head);
        System.out.println(rule);
        SplittableRandom rnd = new SplittableRandom(42);
        for (Shape s : SHAPES) {
            double[][] g = new double[kernels.size()][rounds];
            Operands op = new Operands(s, single, rnd);
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < kernels.size(); i++) {
                    GemmKernel k = kernels.get(i);
                    double gf = measure(k, bypassesPool(k) ? null : pool, s, op, budget);
                    g[i][r] = gf;
                }
            }
            double ejml = median(g[kernels.size() - 1]);
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s (%d x %d x %d%s) |", s.name(),
                    s.m(), s.n(), s.k(), (s.transA() ? ", A^T" : "") + (s.transB() ? ", B^T" : "")));
            for (double[] gi : g) {
                double med = median(gi);
                row.append(String.format(Locale.ROOT, " %.1f (%.1fx) |", med, med / ejml));
            }
            System.out.println(row);
        }
    }

    private static double median(double[] x) {
        double[] y = x.clone();
        Arrays.sort(y);
        return y[y.length / 2];
    }

    private static double measure(GemmKernel k, GemmPool pool, Shape s, Operands op, long budget) {
        long start = System.nanoTime();
        long calls = 0;
        long elapsed;
        do {
            op.run(k, pool, s);
            calls++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget || calls < 2);
        return s.flops() * calls / elapsed;
    }

    /** Random dense operands for one shape, in one precision. */
    private static final class Operands {
        final float[] sa;
        final float[] sb;
        final float[] sc;
        final double[] da;
        final double[] db;
        final double[] dc;

        Operands(Shape s, boolean single, SplittableRandom rnd) {
            int an = s.m() * s.k();
            int bn = s.k() * s.n();
            int cn = s.m() * s.n();
            da = single ? null : rnd.doubles(an, -1, 1).toArray();
            db = single ? null : rnd.doubles(bn, -1, 1).toArray();
            dc = single ? null : new double[cn];
            sa = single ? toFloat(rnd.doubles(an, -1, 1).toArray()) : null;
            sb = single ? toFloat(rnd.doubles(bn, -1, 1).toArray()) : null;
            sc = single ? new float[cn] : null;
        }

        void run(GemmKernel k, GemmPool pool, Shape s) {
            int lda = s.transA() ? s.m() : s.k();
            int ldb = s.transB() ? s.k() : s.n();
            if (sa != null) {
                if (pool == null) {
                    k.sgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, sa, 0, lda, sb, 0, ldb, 0f, sc, 0,
                            s.n());
                } else {
                    pool.sgemm(k, s.transA(), s.transB(), s.m(), s.n(), s.k(), 1f, sa, 0, lda, sb, 0, ldb, 0f,
                            sc, 0, s.n());
                }
            } else if (pool == null) {
                k.dgemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), 1.0, da, 0, lda, db, 0, ldb, 0.0, dc, 0,
                        s.n());
            } else {
                pool.dgemm(k, s.transA(), s.transB(), s.m(), s.n(), s.k(), 1.0, da, 0, lda, db, 0, ldb, 0.0, dc,
                        0, s.n());
            }
        }

        private static float[] toFloat(double[] x) {
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
            }
            return f;
        }
    }

    /** EJML's CommonOps as a peer; dense operands only (offset 0, tight strides), beta 0, one thread. */
    private static final class EjmlPeer implements GemmKernel {
        @Override
        public String name() {
            return "ejml";
        }

        @Override
        public void sgemm(boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                          float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
            FMatrixRMaj am = tA ? FMatrixRMaj.wrap(k, m, a) : FMatrixRMaj.wrap(m, k, a);
            FMatrixRMaj bm = tB ? FMatrixRMaj.wrap(n, k, b) : FMatrixRMaj.wrap(k, n, b);
            FMatrixRMaj cm = FMatrixRMaj.wrap(m, n, c);
            if (tA && tB) {
                CommonOps_FDRM.multTransAB(alpha, am, bm, cm);
            } else if (tA) {
                CommonOps_FDRM.multTransA(alpha, am, bm, cm);
            } else if (tB) {
                CommonOps_FDRM.multTransB(alpha, am, bm, cm);
            } else {
                CommonOps_FDRM.mult(alpha, am, bm, cm);
            }
        }

        @Override
        public void dgemm(boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a, int aOff,
                          int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff, int ldc) {
            DMatrixRMaj am = tA ? DMatrixRMaj.wrap(k, m, a) : DMatrixRMaj.wrap(m, k, a);
            DMatrixRMaj bm = tB ? DMatrixRMaj.wrap(n, k, b) : DMatrixRMaj.wrap(k, n, b);
            DMatrixRMaj cm = DMatrixRMaj.wrap(m, n, c);
            if (tA && tB) {
                CommonOps_DDRM.multTransAB(alpha, am, bm, cm);
            } else if (tA) {
                CommonOps_DDRM.multTransA(alpha, am, bm, cm);
            } else if (tB) {
                CommonOps_DDRM.multTransB(alpha, am, bm, cm);
            } else {
                CommonOps_DDRM.mult(alpha, am, bm, cm);
            }
        }
    }
}
