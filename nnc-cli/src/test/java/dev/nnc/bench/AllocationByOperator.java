package dev.nnc.bench;

import dev.nnc.ops.Mode;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Node;
import dev.nnc.ops.LossOperator;
import dev.nnc.ops.Operator;
import dev.nnc.ops.OperatorFactory;
import dev.nnc.ops.OperatorRegistry;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An operator factory that wraps the registry's operators and counts the bytes the calling thread allocates
 * inside each node's forward, loss and backward, so an allocation test can say where a step allocates
 * instead of only that it does.
 */
final class AllocationByOperator implements OperatorFactory {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Map<String, long[]> bytes = new LinkedHashMap<>(); // node -> {forward, loss, backward}
    private boolean counting;

    @Override
    public Operator create(Node node, java.util.List<dev.nnc.ops.Parameter> params, dev.nnc.ops.ExecContext ctx) {
        Operator op = OperatorRegistry.create(node, params, ctx);
        long[] counts = bytes.computeIfAbsent(node.name() + " (" + node.op() + ")", k -> new long[3]);
        if (op instanceof LossOperator loss) {
            return new LossOperator() {
                @Override
                public void forward(Tensor[] in, Tensor out, Mode mode) {
                    long t = start();
                    loss.forward(in, out, mode);
                    stop(counts, 0, t);
                }

                @Override
                public double loss(Tensor[] in, Tensor out, Targets targets) {
                    long t = start();
                    double l = loss.loss(in, out, targets);
                    stop(counts, 1, t);
                    return l;
                }

                @Override
                public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
                    long t = start();
                    loss.backward(in, out, dOut, dIn);
                    stop(counts, 2, t);
                }
            };
        }
        return new Operator() {
            @Override
            public void forward(Tensor[] in, Tensor out, Mode mode) {
                long t = start();
                op.forward(in, out, mode);
                stop(counts, 0, t);
            }

            @Override
            public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
                long t = start();
                op.backward(in, out, dOut, dIn);
                stop(counts, 2, t);
            }
        };
    }

    /** Counts from now on, from zero. */
    void startCounting() {
        bytes.values().forEach(c -> java.util.Arrays.fill(c, 0));
        counting = true;
    }

    private long start() {
        return counting ? THREADS.getCurrentThreadAllocatedBytes() : 0;
    }

    private void stop(long[] counts, int phase, long started) {
        if (counting) {
            counts[phase] += THREADS.getCurrentThreadAllocatedBytes() - started;
        }
    }

    /** The nodes that allocated, with bytes per phase, e.g. {@code conv_1 (conv)={forward=1360}}. */
    Map<String, Map<String, Long>> report() {
        String[] phases = {"forward", "loss", "backward"};
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        bytes.forEach((node, c) -> {
            Map<String, Long> m = new TreeMap<>();
            for (int i = 0; i < 3; i++) {
                if (c[i] != 0) {
                    m.put(phases[i], c[i]);
                }
            }
            if (!m.isEmpty()) {
                out.put(node, m);
            }
        });
        return out;
    }
}
