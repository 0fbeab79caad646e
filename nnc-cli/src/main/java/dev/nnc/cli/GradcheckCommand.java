package dev.nnc.cli;

import dev.nnc.exec.GradientCheck;
import dev.nnc.exec.Network;
import dev.nnc.tensor.Rng;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.Precision;
import dev.nnc.ops.OperatorRegistry;
import dev.nnc.semantic.CompiledModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nnc gradcheck FILE}: the whole network's backward against centred finite differences, in float64,
 * on one random batch ({@link GradientCheck}). Prints one line per tensor and PASS or FAIL.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true,
        description = {"Check the model's backward pass against centred finite differences (h = 1e-5) in "
                + "float64, on a random batch: every trainable parameter tensor and the input, at sampled entries.",
                "Prints each tensor's maximum relative error |a - n| / max(1e-8, |a| + |n|); exit 0 when the "
                        + "overall maximum is below the tolerance, 1 otherwise."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:passed: every relative error is below the tolerance",
                "1:failed, or the model has errors, or it has no loss layer", "2:usage error",
                "70:internal error in nnc"})
final class GradcheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions input;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "4",
            description = "Examples in the random batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--samples", paramLabel = "K", defaultValue = "20",
            description = "Entries checked per tensor (all of them when it has fewer). Default: ${DEFAULT-VALUE}.")
    int samples;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "1e-6",
            description = "Pass when the largest relative error is below this. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seeds the initial weights, the batch and the sampled entries. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<CompiledModel> compiled = input.compile(err);
        if (compiled.isEmpty()) {
            return ExitCodes.FAILED;
        }
        LayerGraph graph = compiled.get().graph();
        Optional<String> problem = cannotCheck(graph);
        if (problem.isPresent()) {
            err.println("nnc: " + problem.get());
            return ExitCodes.FAILED;
        }
        Rng seeds = new Rng(seed);
        Network net = new Network(graph, Precision.FLOAT64, seeds.nextLong());
        GradientCheck.Batch data = GradientCheck.randomBatch(graph, Precision.FLOAT64, batch, seeds.nextLong());
        GradientCheck.Report report = GradientCheck.run(net, data.input(), data.targets(), samples, seeds.nextLong());
        print(graph, report, out);
        return report.passes(tolerance) ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private void validate() {
        OptionChecks.atLeastOne(spec, "--batch", batch);
        OptionChecks.atLeastOne(spec, "--samples", samples);
        OptionChecks.require(spec, tolerance > 0 && !Double.isInfinite(tolerance),
                "--tolerance must be a positive number, got " + tolerance);
    }

    /** Why this graph cannot be checked, in words for the user; empty when it can. */
    static Optional<String> cannotCheck(LayerGraph graph) {
        Optional<String> untrainable = dev.nnc.graph.Trainability.refusal(graph);
        if (untrainable.isPresent()) {
            return untrainable;
        }
        if (graph.lossOp().isEmpty()) {
            return Optional.of("model " + graph.model() + " has no loss layer, so there is no loss to check the "
                    + "gradient of; end it with softmax, svm or mse");
        }
        for (Node n : graph.nodes()) {
            if (n.id() > 0 && OperatorRegistry.lookup(n.op()).isEmpty()) {
                return Optional.of("layer " + n.name() + " uses operator '" + n.op()
                        + "', which this build of nnc cannot run yet");
            }
        }
        return Optional.empty();
    }

    private void print(LayerGraph graph, GradientCheck.Report report, PrintWriter out) {
        out.printf(Locale.ROOT, "Gradient check of %s: float64, batch %d, up to %d entries per tensor, seed %d%n",
                graph.model(), batch, samples, seed);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"tensor", "shape", "checked", "max rel error"});
        for (GradientCheck.TensorResult t : report.tensors()) {
            rows.add(new String[] {t.name(),
                    t.shape().stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")")),
                    Integer.toString(t.entriesChecked()), error(t.maxRelativeError())});
        }
        int[] w = new int[4];
        rows.forEach(r -> {
            for (int c = 0; c < 4; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        });
        for (String[] r : rows) {
            out.printf(Locale.ROOT, "  %-" + w[0] + "s  %-" + w[1] + "s  %" + w[2] + "s  %s%n", r[0], r[1], r[2], r[3]);
        }
        boolean pass = report.passes(tolerance);
        out.printf(Locale.ROOT, "max relative error %s %s tolerance %s: %s%n", error(report.maxRelativeError()),
                pass ? "<" : ">=", error(tolerance), pass ? "PASS" : "FAIL");
        out.flush();
    }


    private static String error(double e) {
        return String.format(Locale.ROOT, "%.2e", e);
    }
}
