package dev.nnc.exec;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Rng;
import dev.nnc.ops.Parameter;
import dev.nnc.ops.Mode;
import dev.nnc.tensor.Targets;

import com.google.common.base.Preconditions;
import dev.nnc.graph.LayerGraph;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The engine of {@code nnc gradcheck}: compares the analytic gradient of a whole network (one forward, loss
 * and backward) with centred finite differences of the data loss ({@link NumericGradient}, h = 1e-5), for
 * every trainable parameter tensor and for the input, at a seeded sample of entries.
 *
 * <p>Every evaluation of f restores the network generator's state first, so dropout draws the same mask each
 * time and f is a deterministic function of the entry being nudged. Batchnorm in TRAIN mode normalizes with
 * the batch statistics, which is what the analytic gradient differentiates too; its running statistics move
 * during the check, which does not affect TRAIN-mode outputs.
 */
public final class GradientCheck {

    /** One tensor's result: its name ({@code affine_1.W}, or {@code input}), shape, and the worst entry. */
    public record TensorResult(String name, List<Integer> shape, int entriesChecked, double maxRelativeError) {
        public TensorResult {
            shape = List.copyOf(shape);
        }
    }

    /** The per-tensor results in graph order (parameters, then the input), the data loss and the overall max. */
    public record Report(List<TensorResult> tensors, double loss, double maxRelativeError) {
        public Report {
            tensors = List.copyOf(tensors);
        }

        public boolean passes(double tolerance) {
            return maxRelativeError < tolerance;
        }
    }

    /** A batch of inputs with matching targets. */
    public record Batch(Tensor input, Targets targets) {
    }

    /** The name the input's result carries. */
    public static final String INPUT = "input";

    private GradientCheck() {
    }

    /**
     * Checks {@code net} (float64) on one batch. The input is copied into the network; {@code samples}
     * (≥ 1) entries per tensor are checked, all of them when the tensor is that small; {@code seed} picks
     * them. Afterwards the network's parameters (running statistics included), generator state and
     * input-gradient setting are as they were; its input buffer holds the batch.
     */
    public static Report run(Network net, Tensor input, Targets targets, int samples, long seed) {
        Preconditions.checkArgument(net.precision() == Precision.FLOAT64,
                "a gradient check needs a float64 network (float32 rounding swamps the finite difference), got %s",
                net.precision().label());
        Preconditions.checkArgument(samples >= 1, "samples %s", samples);
        dev.nnc.graph.Trainability.refusal(net.graph()).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        Preconditions.checkArgument(input.rank() >= 1 && input.dim(0) >= 1, "input %s has no batch", input);
        Tensor x = net.input(input.dim(0));
        Preconditions.checkArgument(x.size() == input.size(), "input %s for a network whose input is %s", input, x);
        x.copyFrom(input);

        boolean wasNeeded = net.inputGradientNeeded();
        long rngState = net.rng().state();
        List<double[]> state = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            state.add(p.trainable() ? null : p.value().toDoubleArray());
        }
        net.setInputGradientNeeded(true);
        try {
            net.forward(Mode.TRAIN);
            double loss = net.loss(targets);
            net.backward();
            DoubleSupplier f = () -> {
                net.rng().setState(rngState);
                net.forward(Mode.TRAIN);
                return net.loss(targets);
            };
            Rng pick = new Rng(seed);
            List<TensorResult> results = new ArrayList<>();
            for (Parameter p : net.parameters()) {
                if (p.trainable()) {
                    results.add(check(p.name(), p.value(), copy(p.grad()), f, samples, pick, loss));
                }
            }
            results.add(check(INPUT, x, copy(net.inputGradient()), f, samples, pick, loss));
            double max = results.stream().mapToDouble(TensorResult::maxRelativeError).max().orElse(0.0);
            return new Report(results, loss, max);
        } finally {
            net.rng().setState(rngState);
            net.setInputGradientNeeded(wasNeeded);
            for (int i = 0; i < state.size(); i++) {
                if (state.get(i) != null) {
                    net.parameters().get(i).value().setFrom(state.get(i));
                }
            }
        }
    }

    /**
     * A random batch of {@code n} examples for {@code graph}: inputs N(0, 1); for a classifier (softmax, svm)
     * labels uniform in [0, classes) where classes is the output's size; for mse targets N(0, 1) of the
     * output's shape. Deterministic in {@code seed}.
     *
     * @throws IllegalStateException when the model has no loss layer
     */
    public static Batch randomBatch(LayerGraph graph, Precision precision, int n, long seed) {
        Preconditions.checkArgument(n >= 1, "batch %s", n);
        dev.nnc.graph.Trainability.refusal(graph).ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        String lossOp = graph.lossOp().orElseThrow(() -> new IllegalStateException("model " + graph.model()
                + " has no loss layer: it can run inference but not train"));
        Rng rng = new Rng(seed);
        Tensor input = gaussian(precision, n, graph.inputShape(), rng);
        Shape out = graph.output().shape();
        if (graph.isClassifier()) {
            Preconditions.checkState(out.size() <= Integer.MAX_VALUE, "%s classes", out.size());
            int classes = (int) out.size();
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rng.nextInt(classes);
            }
            return new Batch(input, Targets.labels(labels));
        }
        Preconditions.checkState(lossOp.equals("mse"), "no targets for loss %s", lossOp);
        return new Batch(input, Targets.values(gaussian(precision, n, out, rng)));
    }

    private static Tensor gaussian(Precision precision, int n, Shape example, Rng rng) {
        int[] shape = new int[example.rank() + 1];
        shape[0] = n;
        System.arraycopy(example.toArray(), 0, shape, 1, example.rank());
        Tensor t = Tensor.zeros(precision, shape);
        for (int i = 0; i < t.size(); i++) {
            t.set(i, rng.nextGaussian());
        }
        return t;
    }

    private static TensorResult check(String name, Tensor value, double[] analytic, DoubleSupplier f,
                                      int samples, Rng pick, double loss) {
        int[] entries = sample(value.size(), samples, pick);
        double worst = 0.0;
        for (int i : entries) {
            worst = Math.max(worst, entryError(analytic[i], f, value, i, loss));
        }
        List<Integer> shape = new ArrayList<>();
        for (int d : value.shape()) {
            shape.add(d);
        }
        return new TensorResult(name, shape, entries.length, worst);
    }

    /**
     * The relative error of one entry. A kink of relu or max pooling within h of the point spoils a centred
     * difference (one side sees the other branch), so an entry that disagrees at h = 1e-5 is measured again
     * at h/10 and h/100, and the smallest error counts: a kink's error shrinks with h, a wrong backward's does
     * not. Entries whose analytic and numeric derivatives are both within rounding noise of zero
     * ({@link NumericGradient#roundingNoise}) compare noise with noise and count as 0; tiny ones are measured
     * against a floor of 1e7 times that noise ({@link NumericGradient#relativeError(double, double, double)}).
     */
    static double entryError(double analytic, DoubleSupplier f, Tensor value, int i, double loss) {
        double best = Double.POSITIVE_INFINITY;
        for (double h = NumericGradient.H; h >= NumericGradient.H / 100; h /= 10) {
            double numeric = NumericGradient.partial(f, value, i, h);
            double noise = NumericGradient.roundingNoise(loss, h);
            double error = Math.abs(analytic) + Math.abs(numeric) <= noise ? 0.0
                    : NumericGradient.relativeError(analytic, numeric, noise);
            best = Math.min(best, error);
            if (best <= KINK_SUSPECT) {
                break;
            }
        }
        return best;
    }

    /** Above this an entry is measured again with smaller steps (see {@link #entryError}). */
    static final double KINK_SUSPECT = 1e-7;

    /** {@code k} distinct indices of [0, n) in increasing order, or all of them when n ≤ k. */
    static int[] sample(int n, int k, Rng rng) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        if (n <= k) {
            return all;
        }
        for (int i = 0; i < k; i++) { // partial Fisher–Yates: the first k slots become a uniform k-subset
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, k);
        Arrays.sort(chosen);
        return chosen;
    }

    private static double[] copy(Tensor t) {
        return t.toDoubleArray();
    }
}
