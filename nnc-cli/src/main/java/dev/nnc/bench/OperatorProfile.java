package dev.nnc.bench;

import dev.nnc.ops.LossOperator;
import dev.nnc.ops.Mode;
import dev.nnc.ops.Operator;
import dev.nnc.ops.OperatorFactory;
import dev.nnc.ops.OperatorRegistry;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-operator time breakdown of {@code nnc bench --verbose}: every node's operator is wrapped and the
 * wall time of its forward and backward calls is added up while {@link #recording}; what a step spends
 * outside the operators (loss, L2, optimizer) is the remainder. Two clock reads per call: negligible
 * against operators that take microseconds or more.
 */
public final class OperatorProfile {

    /** One node's share of the timed steps. */
    public record Row(String node, String op, double forwardMsPerStep, double backwardMsPerStep) {
    }

    private final List<Timed> timed = new ArrayList<>();
    private boolean recording;

    /** The registry's operators, wrapped. */
    public OperatorFactory factory() {
        return (node, params, ctx) -> {
            Operator op = OperatorRegistry.create(node, params, ctx);
            Timed t = op instanceof LossOperator lo ? new TimedLoss(node.name(), node.op(), lo)
                    : new Timed(node.name(), node.op(), op);
            timed.add(t);
            return t;
        };
    }

    /** Starts counting from zero (after the warm-up). */
    public void start() {
        timed.forEach(t -> {
            t.forwardNanos = 0;
            t.backwardNanos = 0;
        });
        recording = true;
    }

    public void stop() {
        recording = false;
    }

    /** Per node, in graph order: milliseconds per training step over {@code steps} recorded steps. */
    public List<Row> rows(long steps) {
        return timed.stream().map(t -> new Row(t.node, t.op, t.forwardNanos / 1e6 / steps,
                t.backwardNanos / 1e6 / steps)).toList();
    }

    /** The table {@code nnc bench --verbose} prints under the model's row. */
    public static String render(String model, List<Row> rows, double msPerStep) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %.3f ms per training step%n", model, msPerStep));
        sb.append(String.format(Locale.ROOT, "  %-16s %-10s %10s %10s %7s%n", "node", "op", "fwd ms", "bwd ms",
                "share"));
        double sum = 0;
        for (Row r : rows) {
            double t = r.forwardMsPerStep() + r.backwardMsPerStep();
            sum += t;
            sb.append(String.format(Locale.ROOT, "  %-16s %-10s %10.3f %10.3f %6.1f%%%n", r.node(), r.op(),
                    r.forwardMsPerStep(), r.backwardMsPerStep(), 100 * t / msPerStep));
        }
        double rest = Math.max(0, msPerStep - sum);
        sb.append(String.format(Locale.ROOT, "  %-16s %-10s %21.3f %6.1f%%%n", "(rest)", "loss+l2+opt", rest,
                100 * rest / msPerStep));
        return sb.toString();
    }

    private class Timed implements Operator {
        final String node;
        final String op;
        final Operator inner;
        long forwardNanos;
        long backwardNanos;

        Timed(String node, String op, Operator inner) {
            this.node = node;
            this.op = op;
            this.inner = inner;
        }

        @Override
        public void forward(Tensor[] inputs, Tensor output, Mode mode) {
            long t0 = System.nanoTime();
            inner.forward(inputs, output, mode);
            if (recording && mode == Mode.TRAIN) {
                forwardNanos += System.nanoTime() - t0;
            }
        }

        @Override
        public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
            long t0 = System.nanoTime();
            inner.backward(inputs, output, dOutput, dInputs);
            if (recording) {
                backwardNanos += System.nanoTime() - t0;
            }
        }
    }

    private final class TimedLoss extends Timed implements LossOperator {
        TimedLoss(String node, String op, LossOperator inner) {
            super(node, op, inner);
        }

        @Override
        public double loss(Tensor[] inputs, Tensor output, Targets targets) {
            return ((LossOperator) inner).loss(inputs, output, targets);
        }
    }
}
