package dev.nnc.exec;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Rng;
import dev.nnc.ops.Parameter;
import dev.nnc.ops.Mode;
import dev.nnc.ops.ExecContext;
import dev.nnc.tensor.Targets;

import dev.nnc.graph.Node;
import dev.nnc.ops.LossOperator;
import dev.nnc.ops.Operator;
import dev.nnc.ops.OperatorFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small operators for testing the interpreter without the real catalogue, each a few lines with its
 * formula, and a factory that remembers what it built (by node name) so tests can inspect the operators.
 * Every one is allocation-free after its first call at a given batch size, like the real ones must be.
 */
final class FakeOps implements OperatorFactory {

    final Map<String, Operator> created = new HashMap<>();
    private final Map<String, OperatorFactory> byOp = new HashMap<>();

    FakeOps() {
        byOp.put("scale", (n, p, c) -> new Scale(p));
        byOp.put("square", (n, p, c) -> new Square(false));
        byOp.put("badSquare", (n, p, c) -> new Square(true));
        byOp.put("branch", (n, p, c) -> new Identity());
        byOp.put("add", (n, p, c) -> new Add());
        byOp.put("dropout", (n, p, c) -> new Dropout(c.rng()));
        byOp.put("running", (n, p, c) -> new Running(p.get(0)));
        byOp.put("mse", (n, p, c) -> new Mse());
    }

    @Override
    public Operator create(Node node, List<Parameter> params, ExecContext ctx) {
        OperatorFactory f = byOp.get(node.op());
        if (f == null) {
            throw new IllegalArgumentException("no fake operator '" + node.op() + "'");
        }
        Operator op = f.create(node, params, ctx);
        created.put(node.name(), op);
        return op;
    }

    /** y[n,d] = W[d]·x[n,d] + b[d]; dW[d] = Σ_n dy·x, db[d] = Σ_n dy, dx = dy·W. */
    static final class Scale implements Operator {
        final Parameter w;
        final Parameter b; // null without bias
        int backwardCalls;
        boolean lastDInputWasNull;

        Scale(List<Parameter> params) {
            w = params.get(0);
            b = params.size() > 1 ? params.get(1) : null;
        }

        @Override
        public void forward(Tensor[] in, Tensor out, Mode mode) {
            int d = w.value().size();
            for (int i = 0; i < out.size(); i++) {
                out.set(i, w.value().get(i % d) * in[0].get(i) + (b == null ? 0 : b.value().get(i % d)));
            }
        }

        @Override
        public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
            backwardCalls++;
            lastDInputWasNull = dIn[0] == null;
            int d = w.value().size();
            w.grad().fill(0);
            if (b != null) {
                b.grad().fill(0);
            }
            for (int i = 0; i < out.size(); i++) {
                w.grad().add(i % d, dOut.get(i) * in[0].get(i));
                if (b != null) {
                    b.grad().add(i % d, dOut.get(i));
                }
                if (dIn[0] != null) {
                    dIn[0].set(i, dOut.get(i) * w.value().get(i % d));
                }
            }
        }
    }

    /** y = x²; dx = 2x·dy. The broken variant "forgets" the 2. */
    static final class Square implements Operator {
        final boolean broken;
        int backwardCalls;

        Square(boolean broken) {
            this.broken = broken;
        }

        @Override
        public void forward(Tensor[] in, Tensor out, Mode mode) {
            for (int i = 0; i < out.size(); i++) {
                out.set(i, in[0].get(i) * in[0].get(i));
            }
        }

        @Override
        public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
            backwardCalls++;
            if (dIn[0] != null) {
                for (int i = 0; i < out.size(); i++) {
                    dIn[0].set(i, (broken ? 1 : 2) * in[0].get(i) * dOut.get(i));
                }
            }
        }
    }

    /** y = x; dx = dy (a residual branch point). */
    static final class Identity implements Operator {
        @Override
        public void forward(Tensor[] in, Tensor out, Mode mode) {
            out.copyFrom(in[0]);
        }

        @Override
        public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
            if (dIn[0] != null) {
                dIn[0].copyFrom(dOut);
            }
        }
    }

    /** y = a + b; da = db = dy. */
    static final class Add implements Operator {
        @Override
        public void forward(Tensor[] in, Tensor out, Mode mode) {
            for (int i = 0; i < out.size(); i++) {
                out.set(i, in[0].get(i) + in[1].get(i));
            }
        }

        @Override
        public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
            for (Tensor d : dIn) {
                if (d != null) {
                    d.copyFrom(dOut);
                }
            }
        }
    }

    /** Inverted dropout with p = 0.5 from the shared generator: y = x·m·2 in TRAIN, m ∈ {0, 1}; dx = dy·m·2. */
    static final class Dropout implements Operator {
        final Rng rng;
        double[] mask = new double[0];

        Dropout(Rng rng) {
            this.rng = rng;
        }

        @Override
        public void forward(Tensor[] in, Tensor out, Mode mode) {
            if (mask.length < out.size()) {
                mask = new double[out.size()];
            }
            for (int i = 0; i < out.size(); i++) {
                mask[i] = mode == Mode.TRAIN ? (rng.nextDouble() < 0.5 ? 0.0 : 2.0) : 1.0;
                out.set(i, in[0].get(i) * mask[i]);
            }
        }

        @Override
        public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
            if (dIn[0] != null) {
                for (int i = 0; i < out.size(); i++) {
                    dIn[0].set(i, dOut.get(i) * mask[i]);
                }
            }
        }
    }

    /** y = x; in TRAIN, running[d] = 0.9·running[d] + 0.1·mean_n x[n,d] (a STATE parameter, no gradient). */
    static final class Running implements Operator {
        final Parameter running;

        Running(Parameter running) {
            this.running = running;
        }

        @Override
        public void forward(Tensor[] in, Tensor out, Mode mode) {
            out.copyFrom(in[0]);
            if (mode == Mode.TRAIN) {
                int d = running.value().size();
                int n = out.dim(0);
                for (int j = 0; j < d; j++) {
                    double mean = 0;
                    for (int k = 0; k < n; k++) {
                        mean += in[0].get(k * d + j) / n;
                    }
                    running.value().set(j, 0.9 * running.value().get(j) + 0.1 * mean);
                }
            }
        }

        @Override
        public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
            if (dIn[0] != null) {
                dIn[0].copyFrom(dOut);
            }
        }
    }

    /** y = x; loss = mean over all N·D elements of (y − t)²; dx = 2(y − t)/(N·D). */
    static final class Mse implements LossOperator {
        Targets targets;

        @Override
        public void forward(Tensor[] in, Tensor out, Mode mode) {
            out.copyFrom(in[0]);
        }

        @Override
        public double loss(Tensor[] in, Tensor out, Targets t) {
            targets = t;
            double sum = 0;
            for (int i = 0; i < out.size(); i++) {
                double e = out.get(i) - t.values().get(i);
                sum += e * e;
            }
            return sum / out.size();
        }

        @Override
        public void backward(Tensor[] in, Tensor out, Tensor dOut, Tensor[] dIn) {
            if (dIn[0] != null) {
                for (int i = 0; i < out.size(); i++) {
                    dIn[0].set(i, 2 * (out.get(i) - targets.values().get(i)) / out.size());
                }
            }
        }
    }
}
