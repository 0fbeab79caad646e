package dev.nnc.perf;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.data.Batches;
import dev.nnc.data.Dataset;
import dev.nnc.data.Normalization;
import dev.nnc.data.Preprocessing;
import dev.nnc.data.augment.Augmenter;
import dev.nnc.exec.Network;
import dev.nnc.graph.AugmentSpec;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.ops.Mode;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.train.Optimizer;
import dev.nnc.train.Optimizers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What augmentation adds to a training epoch, measured A/B in one process: the Trainer's step (fill, forward,
 * loss + L2, backward, L2 gradient, Adam) on synthetic Fashion-MNIST-shaped batches of 100, with and without
 * {@code augment = rotate(20) - shift(0.2) - flip} (Keras' usual set, one resampling pass) before the forward
 * pass. On one thread, in CPU time of the main thread (steady on a loaded machine: the other helpers' load
 * slows wall time, not the work a step costs), alternating the two variants batch by batch so both see the
 * same machine. Prints per-batch CPU µs of each and the overhead. Not a test; run like {@link TrainLoopBench}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.nnc.perf.AugmentOverheadBench mlp|conv [batches]
 * </pre>
 */
public final class AugmentOverheadBench {

    private AugmentOverheadBench() {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "conv";
        int batchesPerVariant = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Gemm gemm = Gemm.withThreads(1);
        CompileResult r = Nnc.compileString("bench.nn", which.equals("mlp") ? TrainLoopBench.MLP
                : TrainLoopBench.CONV, CompileOptions.defaults());
        LayerGraph graph = r.orThrow().graph();
        Network net = new Network(graph, Precision.FLOAT32, 42, gemm);
        Optimizer opt = Optimizers.create(new OptimizerSpec("adam", Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999,
                "eps", 1e-8)), net.parameters());
        int count = 5_000;
        int batch = 100;
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
        Dataset data = raw.withPreprocessing(Preprocessing.compute(Normalization.MEAN, raw));
        Batches batches = new Batches(data, batch, gemm);
        batches.shuffle(new Rng(1));
        Targets targets = Targets.labels(new int[batch]);
        Augmenter aug = new Augmenter(new AugmentSpec(List.of(
                new AugmentSpec.Op("rotate", Map.of("degrees", 20.0)),
                new AugmentSpec.Op("shift", Map.of("fraction", 0.2)),
                new AugmentSpec.Op("flip", Map.of("p", 0.5)))), data.exampleShape(), gemm);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[2];
        long augCpu = 0;
        int b = 0;
        for (int round = -20; round < 2 * batchesPerVariant; round++) { // 20 warm-up steps
            boolean augmented = (round & 1) == 1;
            long c0 = mx.getCurrentThreadCpuTime();
            Tensor x = net.input(batch);
            int n = batches.fill(b, x, targets);
            long ca = mx.getCurrentThreadCpuTime();
            if (augmented) {
                aug.apply(x, n, round);
            }
            long cb = mx.getCurrentThreadCpuTime();
            net.forward(Mode.TRAIN);
            net.loss(targets);
            net.backward();
            net.addL2Gradient(1e-4);
            opt.step();
            long c1 = mx.getCurrentThreadCpuTime();
            b = (b + 1) % batches.batchCount();
            if (round >= 0) {
                cpu[augmented ? 1 : 0] += c1 - c0;
                augCpu += augmented ? cb - ca : 0;
            }
        }
        double plain = cpu[0] / 1e3 / batchesPerVariant;
        double withAug = cpu[1] / 1e3 / batchesPerVariant;
        System.out.printf(Locale.ROOT, "%s, batch %d, 1 thread, CPU time per step over %d steps each:%n"
                        + "  without augmentation %.0f µs%n  with augmentation    %.0f µs (augmentation itself %.0f µs)%n"
                        + "  overhead %.1f%%%n", which, batch, batchesPerVariant, plain, withAug,
                augCpu / 1e3 / batchesPerVariant, 100 * (withAug / plain - 1));
    }
}
