package dev.nnc.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.SourceSpan;
import dev.nnc.exec.NumericGradient;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Init;
import dev.nnc.graph.LayerArgs;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamRole;
import dev.nnc.graph.ParamSpec;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Builds one operator by hand (a {@link Node}, its {@link Parameter}s, an {@link ExecContext}) through the
 * registry, and runs the checks every operator of this group must pass: the finite-difference gradient
 * check, float32 against float64, and batches that change size between calls.
 */
final class PointwiseOpFixture {

    /** CS231n's bar for a float64 gradient check. */
    static final double GRAD_TOL = 1e-7;
    /** float32 against float64, relative to max(1, |float64 value|). */
    static final double PRECISION_TOL = 1e-5;

    private PointwiseOpFixture() {
    }

    /** An operator with its parameters (in spec order) and context. */
    record Built(Operator op, List<Parameter> params, ExecContext ctx) {
        Parameter param(String localName) {
            return params.stream().filter(p -> p.spec().localName().equals(localName)).findFirst().orElseThrow();
        }

        LossOperator loss() {
            return (LossOperator) op;
        }
    }

    /** A parameter declaration: its local name, shape, role and starting constant. */
    record Param(String localName, int[] shape, ParamRole role, double init) {
    }

    static Built build(String op, Precision precision, Map<String, Object> args, int[] example, Param... params) {
        String name = op + "_1";
        List<ParamSpec> specs = new ArrayList<>();
        List<Parameter> bound = new ArrayList<>();
        for (Param p : params) {
            ParamSpec spec = new ParamSpec(name + "." + p.localName(), Shape.of(p.shape()), new Init.Constant(p.init()),
                    p.role(), 1, 1);
            specs.add(spec);
            Tensor value = Tensor.zeros(precision, p.shape());
            value.fill(p.init());
            Tensor grad = p.role().trainable() ? Tensor.zeros(precision, p.shape()) : null;
            bound.add(new Parameter(spec, value, grad));
        }
        Node node = new Node(1, name, op, new LayerArgs(args), List.of(0), Shape.of(example), specs,
                SourceSpan.ofFile("test.nn"));
        ExecContext ctx = new ExecContext(precision, new Rng(2024));
        return new Built(OperatorRegistry.create(node, bound, ctx), bound, ctx);
    }

    static int[] batchShape(int n, int[] example) {
        int[] shape = new int[example.length + 1];
        shape[0] = n;
        System.arraycopy(example, 0, shape, 1, example.length);
        return shape;
    }

    static Tensor tensor(Precision precision, int[] shape, double... values) {
        Tensor t = Tensor.zeros(precision, shape);
        t.setFrom(values);
        return t;
    }

    static double[] uniform(Rng rng, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * rng.nextDouble();
        }
        return v;
    }

    /** Values with lo ≤ |v| < hi and a random sign: keeps inputs away from a kink at 0. */
    static double[] awayFromZero(Rng rng, int n, double lo, double hi) {
        double[] v = uniform(rng, n, lo, hi);
        for (int i = 0; i < n; i++) {
            if (rng.nextDouble() < 0.5) {
                v[i] = -v[i];
            }
        }
        return v;
    }

    static double dot(Tensor a, Tensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.get(i) * b.get(i);
        }
        return s;
    }

    static Tensor forward(Built b, int[] shape, double[] x, Mode mode) {
        Tensor in = tensor(b.ctx().precision(), shape, x);
        Tensor out = Tensor.zeros(b.ctx().precision(), shape);
        b.op().forward(new Tensor[] {in}, out, mode);
        return out;
    }

    /**
     * Worst relative error of backward against centred differences of {@code loss = Σ out ⊙ G} (G random, so
     * dOut = G), over the input and every trainable parameter. The generator is restored before every
     * forward, so a dropout mask is replayed.
     */
    static double maxGradientError(Built b, int[] shape, double[] xv, Mode mode) {
        Tensor x = tensor(Precision.FLOAT64, shape, xv);
        Tensor out = x.zerosLike(shape);
        Tensor g = tensor(Precision.FLOAT64, shape, uniform(new Rng(99), xv.length, -1, 1));
        Tensor[] in = {x};
        long state = b.ctx().rng().state();
        DoubleSupplier f = () -> {
            b.ctx().rng().setState(state);
            b.op().forward(in, out, mode);
            return dot(out, g);
        };
        f.getAsDouble();
        Tensor dx = x.zerosLike(shape);
        b.op().backward(in, out, g, new Tensor[] {dx});
        return worstAgainstNumeric(b, dx, x, f);
    }

    /** As {@link #maxGradientError} for a loss layer: the gradient of the mean loss itself. */
    static double maxLossGradientError(Built b, int[] shape, double[] xv, Targets targets) {
        Tensor x = tensor(Precision.FLOAT64, shape, xv);
        Tensor out = x.zerosLike(shape);
        Tensor[] in = {x};
        DoubleSupplier f = () -> {
            b.op().forward(in, out, Mode.TRAIN);
            return b.loss().loss(in, out, targets);
        };
        f.getAsDouble();
        Tensor dx = x.zerosLike(shape);
        b.op().backward(in, out, null, new Tensor[] {dx});
        return worstAgainstNumeric(b, dx, x, f);
    }

    private static double worstAgainstNumeric(Built b, Tensor dx, Tensor x, DoubleSupplier f) {
        assertEquals(Precision.FLOAT64, b.ctx().precision(), "gradient checks run in float64");
        List<double[]> analytic = new ArrayList<>();
        List<Tensor> wrt = new ArrayList<>();
        analytic.add(dx.toDoubleArray());
        wrt.add(x);
        for (Parameter p : b.params()) {
            if (p.trainable()) {
                analytic.add(p.grad().toDoubleArray());
                wrt.add(p.value());
            }
        }
        double worst = 0;
        boolean anyNonZero = false;
        for (int t = 0; t < wrt.size(); t++) {
            for (int i = 0; i < wrt.get(t).size(); i++) {
                double a = analytic.get(t)[i];
                double n = NumericGradient.partial(f, wrt.get(t), i, NumericGradient.H);
                worst = Math.max(worst, NumericGradient.relativeError(a, n));
                anyNonZero |= a != 0;
            }
        }
        assertTrue(anyNonZero, "the check is vacuous: every gradient is zero");
        return worst;
    }

    /** One step's observable results: output, loss (NaN for non-loss ops), input and parameter gradients. */
    private record Step(double[] out, double loss, double[] dx, List<double[]> paramGrads) {
    }

    private static Step step(Built b, Tensor x, Tensor out, Tensor g, Tensor dx, Mode mode, long rngState,
                             Targets targets) {
        Tensor[] in = {x};
        b.ctx().rng().setState(rngState);
        b.op().forward(in, out, mode);
        double loss = Double.NaN;
        if (targets != null) {
            loss = b.loss().loss(in, out, targets);
            g = null;
        }
        b.op().backward(in, out, g, new Tensor[] {dx});
        List<double[]> grads = new ArrayList<>();
        for (Parameter p : b.params()) {
            if (p.trainable()) {
                grads.add(p.grad().toDoubleArray());
            }
        }
        return new Step(out.toDoubleArray(), loss, dx.toDoubleArray(), grads);
    }

    /**
     * float32 and float64 versions of the operator (same parameters, same generator state) give the same
     * forward output, loss, input gradient and parameter gradients to ~1e-5 (relative to max(1, |float64|)).
     * Inputs and the upstream gradient are rounded to float first so only the arithmetic differs; float32
     * often takes its own raw-array loops, and this is their check.
     */
    static void assertPrecisionsAgree(Function<Precision, Built> make, int[] shape, double[] xv, Mode mode,
                                      Targets targets) {
        double[] rounded = new double[xv.length];
        double[] upstream = uniform(new Rng(99), xv.length, -1, 1);
        for (int i = 0; i < xv.length; i++) {
            rounded[i] = (float) xv[i];
            upstream[i] = (float) upstream[i];
        }
        Step[] steps = new Step[2];
        Precision[] precisions = {Precision.FLOAT32, Precision.FLOAT64};
        for (int k = 0; k < 2; k++) {
            Precision p = precisions[k];
            Built b = make.apply(p);
            steps[k] = step(b, tensor(p, shape, rounded), Tensor.zeros(p, shape), tensor(p, shape, upstream),
                    Tensor.zeros(p, shape), mode, 1234L, targets);
        }
        Step got = steps[0];
        Step want = steps[1];
        assertClose(want.out(), got.out(), "output");
        if (targets != null) {
            assertEquals(want.loss(), got.loss(), PRECISION_TOL * Math.max(1, Math.abs(want.loss())), "loss");
        }
        assertClose(want.dx(), got.dx(), "input gradient");
        for (int p = 0; p < want.paramGrads().size(); p++) {
            assertClose(want.paramGrads().get(p), got.paramGrads().get(p), "parameter gradient " + p);
        }
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what + " length");
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], PRECISION_TOL * Math.max(1, Math.abs(want[i])), what + ", element " + i);
        }
    }

    /**
     * One operator and one set of tensors reused over batches of changing size (tensors resized by
     * {@link Tensor#setBatch}, as the interpreter does) give the results of a fresh operator on each batch:
     * no buffer is stale or too small. {@code targetsFor} is null for a non-loss operator.
     */
    static void assertBatchResizing(Function<Precision, Built> make, int[] example, Mode mode,
                                    IntFunction<Targets> targetsFor) {
        assertBatchResizing(make, example, mode, targetsFor, Precision.FLOAT64);
        assertBatchResizing(make, example, mode, targetsFor, Precision.FLOAT32);
    }

    private static void assertBatchResizing(Function<Precision, Built> make, int[] example, Mode mode,
                                            IntFunction<Targets> targetsFor, Precision precision) {
        Built reused = make.apply(precision);
        int[] first = batchShape(3, example);
        Tensor x = Tensor.zeros(precision, first);
        Tensor out = Tensor.zeros(precision, first);
        Tensor g = Tensor.zeros(precision, first);
        Tensor dx = Tensor.zeros(precision, first);
        Rng data = new Rng(7);
        for (int n : new int[] {3, 5, 2, 6, 1}) {
            int[] shape = batchShape(n, example);
            for (Tensor t : new Tensor[] {x, out, g, dx}) {
                t.setBatch(n);
            }
            x.setFrom(uniform(data, x.size(), -2, 2));
            g.setFrom(uniform(data, g.size(), -1, 1));
            Targets targets = targetsFor == null ? null : targetsFor.apply(n);
            long rngState = 1000L + n;
            Step got = step(reused, x, out, g, dx, mode, rngState, targets);
            Built fresh = make.apply(precision);
            Step want = step(fresh, copy(x, shape, precision), Tensor.zeros(precision, shape),
                    copy(g, shape, precision),
                    Tensor.zeros(precision, shape), mode, rngState, targets);
            assertArrayEquals(want.out(), got.out(), 1e-12, "output, batch " + n + ", " + precision.label());
            assertEquals(want.loss(), got.loss(), 1e-12, "loss, batch " + n);
            assertArrayEquals(want.dx(), got.dx(), 1e-12, "input gradient, batch " + n);
            for (int p = 0; p < want.paramGrads().size(); p++) {
                assertArrayEquals(want.paramGrads().get(p), got.paramGrads().get(p), 1e-12,
                        "parameter gradient " + p + ", batch " + n);
            }
        }
    }

    private static Tensor copy(Tensor t, int[] shape, Precision precision) {
        return tensor(precision, shape, t.toDoubleArray());
    }
}
