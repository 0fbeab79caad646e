package dev.nnc.perf;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.data.Batches;
import dev.nnc.data.Dataset;
import dev.nnc.data.Normalization;
import dev.nnc.data.Preprocessing;
import dev.nnc.ops.Mode;
import dev.nnc.exec.Network;
import dev.nnc.tensor.Rng;
import dev.nnc.ops.Targets;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.graph.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.train.Optimizer;
import dev.nnc.train.Optimizers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Steady-state training throughput of the MLP and SimpleConvNet of the performance issue on synthetic
 * Fashion-MNIST-shaped bytes (float32, batch 100, Adam, l2 = 1e-4), the same loop as the Trainer: fill the
 * batch, forward, loss + L2, backward, L2 gradient, optimizer step. Prints the median and best of several
 * timed rounds in examples/s, and the median per CPU second of the main thread (steadier than wall time on a
 * shared machine; with one thread it is the work a step costs) and the bytes the main thread allocates per
 * steady-state step (should be 0). Not a test; run with:
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.nnc.perf.TrainLoopBench mlp|conv threads [rounds] [batchesPerRound]
 * </pre>
 */
public final class TrainLoopBench {

    static final String MLP = "model Mlp {\n input(1, 28, 28)\n"
            + " <affine(100) - batchnorm - relu - dropout(0.1)> x 3 - affine(10) - softmax\n}\n";
    static final String CONV = "model SimpleConvNet {\n input(1, 28, 28)\n"
            + " conv(30, 5) - relu - maxpool(2) - affine(100) - relu - affine(10) - softmax\n}\n";

    private TrainLoopBench() {
    }

    public static void main(String[] args) {
        String which = args.length > 0 ? args[0] : "mlp";
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        int perRound = args.length > 3 ? Integer.parseInt(args[3]) : (which.equals("mlp") ? 200 : 20);
        Gemm.setThreads(threads);
        CompileResult r = Nnc.compileString("bench.nn", which.equals("mlp") ? MLP : CONV, CompileOptions.defaults());
        if (!r.ok()) {
            throw new IllegalStateException(r.render());
        }
        LayerGraph graph = r.orThrow().graph();
        Network net = new Network(graph, Precision.FLOAT32, 42);
        Optimizer opt = Optimizers.create(new OptimizerSpec("adam", Map.of("lr", 1e-3, "beta1", 0.9, "beta2", 0.999,
                "eps", 1e-8)), net.parameters());

        int count = 10_000;
        int batch = 100;
        Rng rng = new Rng(7);
        byte[] pixels = new byte[count * 784];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = rng.nextInt(10);
            for (int j = 0; j < 784; j++) {
                pixels[i * 784 + j] = (byte) Math.min(255, (int) (labels[i] * 20 + rng.nextInt(60)));
            }
        }
        Dataset raw = Dataset.ofBytes("synthetic", Shape.of(1, 28, 28), pixels, labels, 10);
        Dataset data = raw.withPreprocessing(Preprocessing.compute(Normalization.STANDARDIZE, raw));
        Batches batches = new Batches(data, batch);
        batches.shuffle(new Rng(1));
        Targets targets = Targets.labels(new int[batch]);
        double l2 = 1e-4;
        int b = 0;
        double[] rates = new double[rounds];
        double[] cpuRates = new double[rounds];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean alloc = (com.sun.management.ThreadMXBean) mx;
        long allocated = 0;
        double lossSum = 0;
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            long t0 = System.nanoTime();
            long c0 = mx.getCurrentThreadCpuTime();
            long a0 = alloc.getCurrentThreadAllocatedBytes();
            for (int s = 0; s < perRound; s++) {
                batches.fill(b, net.input(batch), targets);
                b = (b + 1) % batches.batchCount();
                net.forward(Mode.TRAIN);
                lossSum += net.loss(targets) + net.l2Penalty(l2);
                net.backward();
                net.addL2Gradient(l2);
                opt.step();
            }
            long t1 = System.nanoTime();
            long c1 = mx.getCurrentThreadCpuTime();
            long a1 = alloc.getCurrentThreadAllocatedBytes();
            if (round >= 0) {
                allocated += a1 - a0;
                cpuRates[round] = perRound * (double) batch / ((c1 - c0) * 1e-9);
                rates[round] = perRound * (double) batch / ((t1 - t0) * 1e-9);
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double[] cpuSorted = cpuRates.clone();
        Arrays.sort(cpuSorted);
        System.out.printf(Locale.ROOT, "%s threads=%d median %.0f ex/s  best %.0f  per main-thread CPU second %.0f"
                        + "  allocated %.1f bytes/step  rounds %s  (loss sum %.4f)%n", which, threads,
                sorted[rounds / 2], sorted[rounds - 1], cpuSorted[rounds / 2], allocated / (double) (rounds * perRound),
                Arrays.toString(
                        Arrays.stream(rates).map(Math::rint).toArray()), lossSum);
    }
}
