package dev.nnc.perf;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.Normalization;
import dev.nnc.data.Preprocessing;
import dev.nnc.exec.Network;
import dev.nnc.graph.AugmentSpec;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Shape;
import dev.nnc.graph.TrainConfig;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.train.Trainer;
import dev.nnc.train.TrainingListener;
import dev.nnc.train.TrainingResult;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What augmentation adds to a training epoch, through the real {@link Trainer}: epochs of the MLP or
 * SimpleConvNet of {@link TrainLoopBench}, or {@code models/fashion_cnn.nn}'s FashionCnn ({@code fashion_cnn}),
 * on 20,000 synthetic Fashion-MNIST-shaped pictures (2,000 for FashionCnn, whose step is ~50 times the MLP's;
 * an optional {@code examples=N} argument after the model overrides the count) (float32, batch 100,
 * Adam, l2 = 1e-4), with and without {@code augment = rotate(20) - shift(0.2) - flip} (Keras' usual set: one
 * resampling pass), each with the batches prepared one ahead on a thread of the feed's own
 * ({@link Trainer#preparingBatchesInBackground()}: the default when a core is free), one ahead in the GEMM
 * workers' idle time ({@link Trainer#preparingBatchesInIdleTime()}: the default for augmented batches when
 * the GEMM threads take every core) and on the training thread when taken
 * ({@link Trainer#preparingBatchesInForeground()}). The six variants take turns epoch by epoch (in an order
 * that alternates every round), so a machine whose load drifts slows them alike. Each prints the medians,
 * over the rounds, of the training pass of an epoch (evaluation excluded): its wall time (the trainer's own
 * clock), the CPU time of the trainer's thread and of the feed's thread; the OVERHEAD line compares
 * augmented with plain in each mode, and the best augmented variant with the best plain one. For each
 * thread count given (default 1 and 2). Not a test; run with:
 *
 * <pre>
 * cd nnc-core
 * mvn -q -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.nnc.perf.AugmentOverheadBench mlp|conv|fashion_cnn [examples=N] [rounds] [threads...]
 * </pre>
 */
public final class AugmentOverheadBench {

    private static final String AUGMENT = "rotate(20) - shift(0.2) - flip";
    /** The feed's modes, in the order of the variants: each plain, then augmented. */
    private static final String[] MODES = {"feed thread", "idle time", "foreground"};
    private static final int VARIANTS = 2 * MODES.length;

    /** models/fashion_cnn.nn's network (its train block is the bench's). */
    static final String FASHION_CNN = "model FashionCnn {\n input(1, 28, 28)\n"
            + " conv(32, 3, pad = 1) - batchnorm - relu - maxpool(2) - conv(64, 3, pad = 1) - batchnorm - relu"
            + " - maxpool(2) - affine(256) - batchnorm - relu - dropout(0.5) - affine(10) - softmax\n}\n";

    private AugmentOverheadBench() {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "mlp";
        int examples = which.equals("fashion_cnn") ? 2_000 : 20_000;
        int next = 1;
        if (args.length > next && args[next].startsWith("examples=")) {
            examples = Integer.parseInt(args[next].substring("examples=".length()));
            next++;
        }
        int rounds = args.length > next ? Integer.parseInt(args[next]) : 9;
        int[] threads = args.length > next + 1
                ? Arrays.stream(args, next + 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
        String body = switch (which) {
            case "mlp" -> TrainLoopBench.MLP;
            case "conv" -> TrainLoopBench.CONV;
            case "fashion_cnn" -> FASHION_CNN;
            default -> throw new IllegalArgumentException("model mlp, conv or fashion_cnn, not " + which);
        };
        String source = body.substring(0, body.lastIndexOf('}')) + " train {\n optimizer = adam(lr = 0.001)\n"
                + " batchSize = 100\n epochs = 1\n l2 = 0.0001\n augment = " + AUGMENT + "\n }\n}\n";
        CompileResult r = Nnc.compileString("bench.nn", source, CompileOptions.defaults());
        if (!r.ok()) {
            throw new IllegalStateException(r.render());
        }
        LayerGraph graph = r.orThrow().graph();
        TrainConfig augmented = graph.train();
        TrainConfig plain = augmented.withAugment(AugmentSpec.NONE);
        DataSplits data = data(examples);
        System.out.printf(Locale.ROOT, "%s on %s, %d processors, %d training examples, batch 100, augment = %s,"
                        + " %d rounds after 2 warm-up rounds%n", which, cpuModel(),
                Runtime.getRuntime().availableProcessors(), data.train().count(), AUGMENT, rounds);
        for (int t : threads) {
            try (Gemm gemm = Gemm.withThreads(t)) {
                run(graph, plain, augmented, data, gemm, rounds);
            }
        }
    }

    /** CPU nanoseconds of the training pass of one epoch: the trainer's thread and the feed's thread. */
    private static final class PassClock implements TrainingListener {
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private long trainer0;
        private long feed0;
        private long feedId = -1;
        long trainer;
        long feed;

        @Override
        public void epochStarted(int epoch, int epochs, int batches) {
            feedId = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("nnc-batch-feed"))
                    .mapToLong(Thread::getId).findFirst().orElse(-1);
            feed0 = feedId < 0 ? 0 : mx.getThreadCpuTime(feedId);
            trainer0 = mx.getCurrentThreadCpuTime();
        }

        @Override
        public void batchDone(int epoch, int batch, int batches, double runningLoss, long examples) {
            if (batch == batches) {
                trainer = mx.getCurrentThreadCpuTime() - trainer0;
                feed = feedId < 0 ? 0 : Math.max(0, mx.getThreadCpuTime(feedId) - feed0);
            }
        }
    }

    private static void run(LayerGraph graph, TrainConfig plain, TrainConfig augmented, DataSplits data, Gemm gemm,
                            int rounds) {
        Network net = new Network(graph, Precision.FLOAT32, 42, gemm);
        double[][] wall = new double[VARIANTS][rounds];
        double[][] trainer = new double[VARIANTS][rounds];
        double[][] feed = new double[VARIANTS][rounds];
        for (int round = -2; round < rounds; round++) {
            for (int k = 0; k < VARIANTS; k++) {
                int v = (round & 1) == 0 ? k : VARIANTS - 1 - k; // ABC... ...CBA
                Trainer t = new Trainer(net, (v & 1) == 1 ? augmented : plain, 7);
                switch (v / 2) {
                    case 0 -> t.preparingBatchesInBackground();
                    case 1 -> t.preparingBatchesInIdleTime();
                    default -> t.preparingBatchesInForeground();
                }
                PassClock clock = new PassClock();
                TrainingResult res = t.train(data, clock);
                if (round >= 0) {
                    wall[v][round] = res.trainSeconds() * 1e3;
                    trainer[v][round] = clock.trainer / 1e6;
                    feed[v][round] = clock.feed / 1e6;
                }
            }
        }
        String threads = gemm.threads() + " training thread" + (gemm.threads() == 1 ? "" : "s");
        System.out.printf(Locale.ROOT, "%s, medians over %d epochs of the training pass (ms):%n", threads, rounds);
        System.out.printf(Locale.ROOT, "  %-28s %9s %14s %11s%n", "", "wall", "trainer CPU", "feed CPU");
        double[] w = new double[VARIANTS];
        double[] c = new double[VARIANTS];
        for (int v = 0; v < VARIANTS; v++) {
            w[v] = median(wall[v]);
            c[v] = median(trainer[v]);
            String name = ((v & 1) == 1 ? "augmented, " : "plain, ") + MODES[v / 2];
            System.out.printf(Locale.ROOT, "  %-28s %9.1f %14.1f %11.1f%n", name, w[v], c[v], median(feed[v]));
        }
        double bestPlain = Math.min(w[0], Math.min(w[2], w[4]));
        StringBuilder line = new StringBuilder();
        for (int m = 0; m < MODES.length; m++) {
            line.append(String.format(Locale.ROOT, "%s %s %+.1f%% wall", m == 0 ? "" : ";", MODES[m],
                    100 * (w[2 * m + 1] / w[2 * m] - 1)));
        }
        System.out.printf(Locale.ROOT, "  OVERHEAD %s, augmented/plain in the same mode:%s; best augmented/best plain"
                + " %+.1f%%%n", threads, line, 100 * (Math.min(w[1], Math.min(w[3], w[5])) / bestPlain - 1));
    }

    /** Synthetic pictures whose brightness follows the class, normalized by the mean as Fashion-MNIST is. */
    private static DataSplits data(int count) {
        Rng rng = new Rng(7);
        byte[] pixels = new byte[count * 784];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rng.nextInt(10);
            for (int j = 0; j < 784; j++) {
                pixels[i * 784 + j] = (byte) Math.min(255, labels[i] * 20 + rng.nextInt(60));
            }
        }
        Dataset raw = Dataset.ofBytes("synthetic", Shape.of(1, 28, 28), pixels, labels, 10);
        Preprocessing p = Preprocessing.compute(Normalization.MEAN, raw);
        Dataset validation = Dataset.ofBytes("synthetic-validation", Shape.of(1, 28, 28),
                Arrays.copyOf(pixels, 100 * 784), Arrays.copyOf(labels, 100), 10);
        return new DataSplits(raw.withPreprocessing(p), validation.withPreprocessing(p), Optional.empty(), p);
    }

    private static double median(double[] xs) {
        double[] a = xs.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    /** The CPU's model name from /proc/cpuinfo, where there is one. */
    static String cpuModel() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (java.io.IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }
}
