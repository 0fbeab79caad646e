package dev.nnc.ops.kernels;

import dev.nnc.tensor.F32Tensor;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times one im2col conv layer's parts per batch (FashionCnn's conv_2 by default: 100 x 32 x 14 x 14, 64
 * filters 3x3, pad 1): the whole forward and backward through {@link ConvKernel}, and on their own the
 * lowering ({@link Im2Col#im2col}) and its adjoint ({@link Im2Col#col2im}) that the kernel runs per
 * example, so that what is not matrix product shows. Best of the rounds, milliseconds. Not a test; run with:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.nnc.ops.kernels.ConvKernelBench [rounds] [threads] [n c h w filters]
 * </pre>
 */
public final class ConvKernelBench {

    private ConvKernelBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int n = arg(args, 2, 100), c = arg(args, 3, 32), h = arg(args, 4, 14), w = arg(args, 5, 14);
        int f = arg(args, 6, 64), k = 3, pad = 1;
        SplittableRandom rnd = new SplittableRandom(1);
        Tensor x = random(rnd, n, c, h, w);
        Tensor wt = random(rnd, f, c, k, k);
        Tensor b = random(rnd, f);
        Tensor out = Tensor.zeros(Precision.FLOAT32, n, f, h, w);
        Tensor dout = random(rnd, n, f, h, w);
        Tensor dx = Tensor.zeros(Precision.FLOAT32, n, c, h, w);
        Tensor dw = Tensor.zeros(Precision.FLOAT32, f, c, k, k);
        Tensor db = Tensor.zeros(Precision.FLOAT32, f);
        Im2Col.Geometry g = new Im2Col.Geometry(c, h, w, k, 1, pad);
        Tensor cols = Tensor.zeros(Precision.FLOAT32, g.rows(), g.columns());
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        try (Gemm gemm = Gemm.withThreads(threads)) {
            ConvKernel kernel = new ConvKernel(gemm, "conv", f, k, 1, pad);
            for (int round = 0; round < rounds; round++) {
                long t0 = System.nanoTime();
                kernel.forward(x, wt, b, out);
                long t1 = System.nanoTime();
                kernel.backward(x, wt, out, dout, dx, dw, db);
                long t2 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Im2Col.im2col(x, i * g.inputSize(), g, cols, i > 0);
                }
                long t3 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    Im2Col.col2im(cols, g, dx, i * g.inputSize());
                }
                long t4 = System.nanoTime();
                best[0] = Math.min(best[0], (t1 - t0) / 1e6);
                best[1] = Math.min(best[1], (t2 - t1) / 1e6);
                best[2] = Math.min(best[2], (t3 - t2) / 1e6);
                best[3] = Math.min(best[3], (t4 - t3) / 1e6);
            }
            System.out.printf(Locale.ROOT, "conv %dx%dx%dx%d, %d filters 3x3 pad 1, %s on %d thread(s), best of %d "
                    + "rounds (ms per batch): forward %.2f, backward %.2f; im2col x%d %.2f, col2im x%d %.2f%n", n, c,
                    h, w, f, gemm.kernel().name(), threads, rounds, best[0], best[1], n, best[2], n, best[3]);
        }
    }

    private static int arg(String[] args, int i, int otherwise) {
        return args.length > i ? Integer.parseInt(args[i]) : otherwise;
    }

    private static Tensor random(SplittableRandom rnd, int... shape) {
        Tensor t = Tensor.zeros(Precision.FLOAT32, shape);
        float[] d = ((F32Tensor) t).data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) rnd.nextGaussian();
        }
        return t;
    }
}
