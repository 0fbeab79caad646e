package dev.nnc.perf;

import dev.nnc.ops.LossOperator;
import dev.nnc.ops.Mode;
import dev.nnc.ops.Operator;
import dev.nnc.ops.OperatorFactory;
import dev.nnc.ops.OperatorRegistry;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import java.util.List;

/**
 * Wraps an operator and adds up the wall time of its forward and backward calls, for the per-operator
 * profile of {@link TrainLoopBench}. A loss operator stays a {@link LossOperator} (the network needs it).
 */
class TimedOperator implements Operator {

    final String name;
    final Operator op;
    long forwardNanos;
    long backwardNanos;

    TimedOperator(String name, Operator op) {
        this.name = name;
        this.op = op;
    }

    /** A factory that builds every node's registered operator wrapped, and lists the wrappers in graph order. */
    static OperatorFactory factory(List<TimedOperator> out) {
        return (node, params, ctx) -> {
            Operator op = OperatorRegistry.create(node, params, ctx);
            String name = node.op() + node.id();
            TimedOperator t = op instanceof LossOperator lo ? new Loss(name, lo) : new TimedOperator(name, op);
            out.add(t);
            return t;
        };
    }

    void reset() {
        forwardNanos = 0;
        backwardNanos = 0;
    }

    @Override
    public void forward(Tensor[] inputs, Tensor output, Mode mode) {
        long t0 = System.nanoTime();
        op.forward(inputs, output, mode);
        forwardNanos += System.nanoTime() - t0;
    }

    @Override
    public void backward(Tensor[] inputs, Tensor output, Tensor dOutput, Tensor[] dInputs) {
        long t0 = System.nanoTime();
        op.backward(inputs, output, dOutput, dInputs);
        backwardNanos += System.nanoTime() - t0;
    }

    private static final class Loss extends TimedOperator implements LossOperator {
        Loss(String name, LossOperator op) {
            super(name, op);
        }

        @Override
        public double loss(Tensor[] inputs, Tensor output, Targets targets) {
            return ((LossOperator) op).loss(inputs, output, targets);
        }
    }
}
