package dev.nnc.cli;

import dev.nnc.api.ClassNames;
import dev.nnc.api.Data;
import dev.nnc.api.Model;
import dev.nnc.api.RunDirectory;
import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.LoadOptions;
import dev.nnc.graph.LayerGraph;
import dev.nnc.report.Charts;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.train.ConfusionMatrix;
import dev.nnc.train.Evaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nnc eval [FILE] --weights CKPT}: loss, accuracy, per-class accuracy and the confusion matrix. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        modelTransformer = OptionalModelFile.class,
        description = {"Evaluate a checkpoint on the test split of the model's data (or --split validation): loss, "
                + "accuracy, per-class accuracy and a confusion matrix, printed and drawn to confusion-SPLIT.png "
                + "beside the checkpoint (or in --out)."})
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions input;

    @Option(names = "--weights", required = true, paramLabel = "CKPT", description = "A checkpoint written by nnc train.")
    Path weights;

    @Option(names = "--data", paramLabel = "SPEC", description = "Override the data set, written as in a .nn file.")
    String data;

    @Option(names = "--split", paramLabel = "SPLIT", defaultValue = "test",
            description = "test (default) or validation.")
    String split;

    @Option(names = "--limit", paramLabel = "N",
            description = "The --limit the checkpoint was trained with, so that --split validation holds out the same "
                    + "examples train did. The test split is never limited.")
    Integer limit;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write confusion-SPLIT.png. Default: beside CKPT.")
    Path out;

    @Option(names = "--allow-path", paramLabel = "DIR",
            description = "Let the model file's data paths name files below DIR too (repeatable; docs/security.md).")
    List<Path> allowPaths = new java.util.ArrayList<>();

    @Option(names = "--force", description = "Load a checkpoint written by a different model (graph hash) whose "
            + "tensors fit, with a warning.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionChecks.oneOf(spec, "--split", split, "test", "validation");
        OptionChecks.atLeastOne(spec, "--limit", limit);
        if (data != null) {
            input.shorthand("--data", "data", data);
        }
        Optional<CompiledModel> compiled = input.compile(err, weights);
        if (compiled.isEmpty()) {
            return ExitCodes.FAILED;
        }
        LayerGraph graph = compiled.get().graph();
        if (graph.train().data().isEmpty()) {
            err.println("nnc: model " + graph.model() + " names no data; pass --data");
            return ExitCodes.FAILED;
        }
        return UserErrors.reported(err, () -> evaluate(graph, stdout, err));
    }

    /** Loads the checkpoint and the data, scores, prints and draws. */
    private int evaluate(LayerGraph graph, PrintWriter stdout, PrintWriter err) {
        Model model = Model.load(graph, graph.train().precision(), weights, force);
        model.warnings().forEach(w -> err.println("nnc: warning: " + w));
        DataSplits splits = Data.load(graph.train().data().get(),
                (limit == null ? LoadOptions.all() : LoadOptions.limit(limit)).allowing(allowPaths));
        Optional<Dataset> set = split.equals("test") ? splits.test() : Optional.of(splits.validation());
        if (set.isEmpty() || set.get().isEmpty()) {
            err.println("nnc: " + graph.train().data().get().describe() + " has no " + split + " split");
            return ExitCodes.FAILED;
        }
        Evaluation.Score score = model.evaluate(set.get());
        stdout.printf(Locale.ROOT, "%s on %s %s (%,d examples)%n", graph.model(),
                graph.train().data().get().describe(), split, score.count());
        stdout.printf(Locale.ROOT, "loss %.4f%n", score.loss());
        if (score.confusion() != null) {
            ConfusionMatrix cm = score.confusion();
            List<String> names = ClassNames.of(graph.train().data(), cm.classes());
            stdout.printf(Locale.ROOT, "accuracy %.4f%n%nper-class accuracy:%n", score.accuracy());
            for (int c = 0; c < cm.classes(); c++) {
                stdout.printf(Locale.ROOT, "  %-12s %.4f  (%d)%n", names.get(c), cm.classAccuracy(c), cm.support(c));
            }
            stdout.println();
            stdout.print(cm.render(names));
            Path png = (out != null ? out : weights.toAbsolutePath().getParent()).resolve(RunDirectory.confusion(split));
            Charts.writeConfusion(png, cm, names);
            stdout.println("confusion matrix drawn to " + png);
        }
        return ExitCodes.OK;
    }
}
