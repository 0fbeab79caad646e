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
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.train.Optimizer;
import dev.nnc.train.Optimizers;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Steady-state training throughput of the MLP and SimpleConvNet of the performance issue on synthetic
 * Fashion-MNIST-shaped bytes (float32, batch 100, Adam, l2 = 1e-4), the same loop as the Trainer: fill the
 * batch, forward, loss + L2, backward, L2 gradient, optimizer step. Prints the median and best of several
 * timed rounds in examples/s, and the median per CPU second of the main thread (steadier than wall time on a
 * shared machine; with one thread it is the work a step costs) and the bytes the main thread allocates per
 * steady-state step (should be 0). With a fifth argument {@code profile} it also prints every operator's
 * forward and backward time and the rest of the step (batch copy, loss + L2, L2 gradient, optimizer) in
 * µs per step over the timed rounds (each operator wrapped in a {@link TimedOperator}). Not a test; run
 * with:
 *
 * <pre>
 * mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     dev.nnc.perf.TrainLoopBench mlp|conv threads [rounds] [batchesPerRound] [profile]
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
        boolean profile = args.length > 4 && args[4].equals("profile");
        Gemm gemm = Gemm.withThreads(threads);
        CompileResult r = Nnc.compileString("bench.nn", which.equals("mlp") ? MLP : CONV, CompileOptions.defaults());
        if (!r.ok()) {
            throw new IllegalStateException(r.render());
        }
        LayerGraph graph = r.orThrow().graph();
        List<TimedOperator> timed = new ArrayList<>();
        Network net = profile ? new Network(graph, Precision.FLOAT32, 42, TimedOperator.factory(timed), gemm)
                : new Network(graph, Precision.FLOAT32, 42, gemm);
        long[] rest = new long[4]; // batch copy, loss + L2 penalty, L2 gradient, optimizer step
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
                pixels[i * 784 + j] = (byte) Math.min(255, labels[i] * 20 + rng.nextInt(60));
            }
        }
        Dataset raw = Dataset.ofBytes("synthetic", Shape.of(1, 28, 28), pixels, labels, 10);
        Dataset data = raw.withPreprocessing(Preprocessing.compute(Normalization.STANDARDIZE, raw));
        Batches batches = new Batches(data, batch, gemm);
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
            if (round == 0) { // the warm-up rounds do not count
                timed.forEach(TimedOperator::reset);
                Arrays.fill(rest, 0);
            }
            for (int s = 0; s < perRound; s++) {
                long q0 = System.nanoTime();
                batches.fill(b, net.input(batch), targets);
                b = (b + 1) % batches.batchCount();
                long q1 = System.nanoTime();
                net.forward(Mode.TRAIN);
                long q2 = System.nanoTime();
                lossSum += net.loss(targets) + net.l2Penalty(l2);
                long q3 = System.nanoTime();
                net.backward();
                long q4 = System.nanoTime();
                net.addL2Gradient(l2);
                long q5 = System.nanoTime();
                opt.step();
                long q6 = System.nanoTime();
                rest[0] += q1 - q0;
                rest[1] += q3 - q2;
                rest[2] += q5 - q4;
                rest[3] += q6 - q5;
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
        if (profile) {
            double steps = (double) rounds * perRound * 1e3; // nanoseconds to µs per step
            for (TimedOperator t : timed) {
                System.out.printf(Locale.ROOT, "%-14s forward %7.1f µs  backward %7.1f µs%n", t.name,
                        t.forwardNanos / steps, t.backwardNanos / steps);
            }
            System.out.printf(Locale.ROOT, "batch copy %.1f µs, loss + L2 %.1f µs, L2 gradient %.1f µs, "
                    + "optimizer %.1f µs%n", rest[0] / steps, rest[1] / steps, rest[2] / steps, rest[3] / steps);
        }
        System.out.printf(Locale.ROOT, "%s threads=%d median %.0f ex/s  best %.0f  per main-thread CPU second %.0f"
                        + "  allocated %.1f bytes/step  rounds %s  (loss sum %.4f)%n", which, threads,
                sorted[rounds / 2], sorted[rounds - 1], cpuSorted[rounds / 2], allocated / (double) (rounds * perRound),
                Arrays.toString(
                        Arrays.stream(rates).map(Math::rint).toArray()), lossSum);
    }
}
