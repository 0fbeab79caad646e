package dev.nnc.ops;

import dev.nnc.tensor.gemm.Gemm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.SourceSpan;
import dev.nnc.exec.NumericGradient;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Init;
import dev.nnc.graph.LayerArgs;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamRole;
import dev.nnc.graph.ParamSpec;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Builds nodes, parameters and tensors by hand for the operator tests of this group, and runs the checks
 * every operator owes: backward against centred differences, float32 against float64, a changing batch.
 */
final class LinearOpsTestKit {

    /** The bound every backward must meet against the numeric gradient (float64, CS231n rel_error). */
    static final double GRAD_TOL = 1e-7;
    /** Float32 against float64 on the same weights: max |a − b| over max |b|. */
    static final double PRECISION_TOL = 1e-5;

    private LinearOpsTestKit() {
    }

    /**
     * One operator under test: its node, and the shape of one example of each input (no batch dim).
     * The node's output shape is one example of the output.
     */
    record OpCase(Node node, List<int[]> inputExamples) {

        Operator create(List<Parameter> params, Precision precision) {
            return OperatorRegistry.create(node, params, new ExecContext(precision, new Rng(0)));
        }

        /** On {@code gemm}'s kernel and threads. */
        Operator create(List<Parameter> params, Precision precision, Gemm gemm) {
            return OperatorRegistry.create(node, params, new ExecContext(precision, new Rng(0), gemm));
        }

        int[] inputShape(int i, int batch) {
            return withBatch(batch, inputExamples.get(i));
        }

        int[] outputShape(int batch) {
            return withBatch(batch, node.shape().toArray());
        }

        /** Standard-normal parameters for this node in float64, zero gradients. */
        List<Parameter> randomParams(Rng rng) {
            List<Parameter> ps = new ArrayList<>();
            for (ParamSpec spec : node.params()) {
                int[] shape = spec.shape().toArray();
                ps.add(new Parameter(spec, random(Precision.FLOAT64, rng, shape),
                        Tensor.zeros(Precision.FLOAT64, shape)));
            }
            return ps;
        }

        Tensor[] randomInputs(Precision precision, Rng rng, int batch) {
            return IntStream.range(0, inputExamples.size()).mapToObj(i -> random(precision, rng, inputShape(i, batch)))
                    .toArray(Tensor[]::new);
        }
    }

    static OpCase opCase(String op, Map<String, Object> args, Shape outExample, List<ParamSpec> params,
                         int[]... inputExamples) {
        List<Integer> inputs = IntStream.range(0, inputExamples.length).boxed().toList();
        Node node = new Node(inputExamples.length, op + "_1", op, new LayerArgs(args), inputs, outExample, params,
                SourceSpan.ofFile("test.nn"));
        return new OpCase(node, List.of(inputExamples));
    }

    static ParamSpec spec(String op, String local, ParamRole role, int... shape) {
        return new ParamSpec(op + "_1." + local, Shape.of(shape), role == ParamRole.WEIGHT ? Init.HE : Init.ZEROS,
                role, 1, 1);
    }

    static int[] withBatch(int batch, int... example) {
        int[] s = new int[example.length + 1];
        s[0] = batch;
        System.arraycopy(example, 0, s, 1, example.length);
        return s;
    }

    static Tensor random(Precision precision, Rng rng, int... shape) {
        Tensor t = Tensor.zeros(precision, shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, rng.nextGaussian());
        }
        return t;
    }

    static Tensor tensor(Precision precision, int[] shape, double... values) {
        Tensor t = Tensor.zeros(precision, shape);
        t.setFrom(values);
        return t;
    }

    /** The same values in {@code precision} (rounded when narrowing). */
    static Tensor convert(Tensor t, Precision precision) {
        Tensor c = Tensor.zeros(precision, t.shape());
        c.copyFrom(t);
        return c;
    }

    static List<Parameter> convert(List<Parameter> ps, Precision precision) {
        return ps.stream().map(p -> new Parameter(p.spec(), convert(p.value(), precision),
                Tensor.zeros(precision, p.value().shape()))).toList();
    }

    static Tensor[] convert(Tensor[] ts, Precision precision) {
        return Arrays.stream(ts).map(t -> convert(t, precision)).toArray(Tensor[]::new);
    }

    static Tensor[] zerosLike(Tensor[] ts) {
        return Arrays.stream(ts).map(t -> t.zerosLike(t.shape())).toArray(Tensor[]::new);
    }

    /** Σ out ⊙ g: a scalar whose gradient with respect to out is g. */
    static double dot(Tensor out, Tensor g) {
        double s = 0.0;
        for (int i = 0; i < out.size(); i++) {
            s += out.get(i) * g.get(i);
        }
        return s;
    }

    /**
     * Checks d(Σ out ⊙ G)/d(every input and parameter element) from backward against centred differences
     * in float64, for a random upstream gradient G.
     */
    static void assertGradients(OpCase c, int batch, long seed) {
        assertGradients(c, batch, seed, Gemm.defaults());
    }

    /** {@link #assertGradients(OpCase, int, long)} on {@code gemm}'s kernel and threads. */
    static void assertGradients(OpCase c, int batch, long seed, Gemm gemm) {
        Rng rng = new Rng(seed);
        List<Parameter> params = c.randomParams(rng);
        Tensor[] inputs = c.randomInputs(Precision.FLOAT64, rng, batch);
        Tensor g = random(Precision.FLOAT64, rng, c.outputShape(batch));
        Operator op = c.create(params, Precision.FLOAT64, gemm);
        Tensor out = Tensor.zeros(Precision.FLOAT64, c.outputShape(batch));
        Tensor[] dInputs = zerosLike(inputs);
        op.forward(inputs, out, Mode.TRAIN);
        op.backward(inputs, out, g, dInputs);

        Tensor probe = Tensor.zeros(Precision.FLOAT64, c.outputShape(batch));
        java.util.function.DoubleSupplier f = () -> {
            op.forward(inputs, probe, Mode.TRAIN);
            return dot(probe, g);
        };
        for (int i = 0; i < inputs.length; i++) {
            assertMatchesNumeric("d input " + i, dInputs[i].toDoubleArray(), inputs[i], f);
        }
        for (Parameter p : params) {
            assertMatchesNumeric("d " + p.name(), p.grad().toDoubleArray(), p.value(), f);
        }
    }

    /**
     * CS231n's relative error per entry, except that an entry far smaller than the tensor's largest is measured
     * against a thousandth of that largest: centred differences carry the rounding of the whole loss (about
     * 1e-16 of it, divided by H), which swamps a relative comparison of a near-zero entry (an input pixel that
     * a strided 11x11 kernel barely touches) without saying anything about the backward.
     */
    private static void assertMatchesNumeric(String what, double[] analytic, Tensor x,
                                             java.util.function.DoubleSupplier f) {
        double scale = 0.0;
        for (double a : analytic) {
            scale = Math.max(scale, Math.abs(a));
        }
        double worst = 0.0;
        int at = -1;
        double atAnalytic = 0.0;
        double atNumeric = 0.0;
        for (int i = 0; i < x.size(); i++) {
            double numeric = NumericGradient.partial(f, x, i, NumericGradient.H);
            double err = Math.abs(analytic[i] - numeric)
                    / Math.max(Math.max(1e-8, 1e-3 * scale), Math.abs(analytic[i]) + Math.abs(numeric));
            if (err > worst) {
                worst = err;
                at = i;
                atAnalytic = analytic[i];
                atNumeric = numeric;
            }
        }
        assertTrue(worst < GRAD_TOL, what + ": relative error " + worst + " at element " + at + " (analytic "
                + atAnalytic + ", numeric " + atNumeric + ", largest entry " + scale + ")");
    }

    /**
     * Forward, and backward for the same upstream gradient, in float32 and float64 from the same float64
     * weights and inputs agree to ~1e-5 (the float32 code paths are separate loops, so this is their check).
     */
    static void assertPrecisionsAgree(OpCase c, int batch, long seed) {
        Rng rng = new Rng(seed);
        List<Parameter> p64 = c.randomParams(rng);
        List<Parameter> p32 = convert(p64, Precision.FLOAT32);
        Tensor[] in64 = c.randomInputs(Precision.FLOAT64, rng, batch);
        Tensor[] in32 = convert(in64, Precision.FLOAT32);
        Tensor g64 = random(Precision.FLOAT64, rng, c.outputShape(batch));
        Tensor out64 = Tensor.zeros(Precision.FLOAT64, c.outputShape(batch));
        Tensor out32 = Tensor.zeros(Precision.FLOAT32, c.outputShape(batch));
        Tensor[] d64 = zerosLike(in64);
        Tensor[] d32 = zerosLike(in32);
        Operator op64 = c.create(p64, Precision.FLOAT64);
        Operator op32 = c.create(p32, Precision.FLOAT32);
        op64.forward(in64, out64, Mode.TRAIN);
        op32.forward(in32, out32, Mode.TRAIN);
        assertClose("output", out32, out64);
        op64.backward(in64, out64, g64, d64);
        op32.backward(in32, out32, convert(g64, Precision.FLOAT32), d32);
        for (int i = 0; i < d64.length; i++) {
            assertClose("d input " + i, d32[i], d64[i]);
        }
        for (int i = 0; i < p64.size(); i++) {
            assertClose("d " + p64.get(i).name(), p32.get(i).grad(), p64.get(i).grad());
        }
    }

    private static void assertClose(String what, Tensor f32, Tensor f64) {
        double d = scaledMaxDiff(f32.toDoubleArray(), f64.toDoubleArray());
        assertTrue(d < PRECISION_TOL, "float32 and float64 " + what + " differ by " + d);
    }

    /** max |a − b| / max |b|. */
    static double scaledMaxDiff(double[] a, double[] b) {
        double diff = 0.0;
        double scale = 0.0;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(b[i]));
        }
        return diff / Math.max(scale, 1e-300);
    }

    /**
     * One operator instance run on a batch, then a smaller batch (the interpreter shrinks the same tensors
     * with setBatch, so stale examples stay behind the end), then a larger one: each step's output and
     * gradients equal those of a fresh operator on fresh tensors of that batch.
     */
    static void assertBatchChangeWorks(OpCase c, Precision precision, long seed) {
        Rng rng = new Rng(seed);
        List<Parameter> params = convert(c.randomParams(rng), precision);
        Operator op = c.create(params, precision);
        int first = 5;
        Tensor[] inputs = c.randomInputs(precision, rng, first);
        Tensor out = Tensor.zeros(precision, c.outputShape(first));
        Tensor g = random(precision, rng, c.outputShape(first));
        Tensor[] dInputs = zerosLike(inputs);
        for (int batch : new int[] {first, 2, 7}) {
            for (Tensor t : inputs) {
                t.setBatch(batch);
            }
            for (Tensor t : dInputs) {
                t.setBatch(batch);
            }
            out.setBatch(batch);
            g.setBatch(batch);
            for (Tensor t : inputs) {
                for (int i = 0; i < t.size(); i++) {
                    t.set(i, rng.nextGaussian());
                }
            }
            for (int i = 0; i < g.size(); i++) {
                g.set(i, rng.nextGaussian());
            }
            op.forward(inputs, out, Mode.TRAIN);
            op.backward(inputs, out, g, dInputs);

            List<Parameter> freshParams = convert(params, precision);
            Operator fresh = c.create(freshParams, precision);
            Tensor[] freshIn = convert(inputs, precision);
            Tensor freshOut = Tensor.zeros(precision, c.outputShape(batch));
            Tensor[] freshD = zerosLike(freshIn);
            fresh.forward(freshIn, freshOut, Mode.TRAIN);
            fresh.backward(freshIn, freshOut, convert(g, precision), freshD);

            // Reusing stale examples would be off by O(1); the slack only admits a kernel that rounds
            // differently for a different matrix height.
            double tol = precision == Precision.FLOAT32 ? 1e-5 : 1e-12;
            String at = "batch " + batch + ": ";
            assertArrayEquals(freshOut.toDoubleArray(), out.toDoubleArray(), tol, at + "output");
            for (int i = 0; i < inputs.length; i++) {
                assertArrayEquals(freshD[i].toDoubleArray(), dInputs[i].toDoubleArray(), tol, at + "d input " + i);
            }
            for (int i = 0; i < params.size(); i++) {
                assertArrayEquals(freshParams.get(i).grad().toDoubleArray(), params.get(i).grad().toDoubleArray(),
                        tol, at + "d " + params.get(i).name());
            }
        }
    }
}
