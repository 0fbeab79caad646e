package dev.nnc.cli;

import dev.nnc.api.ClassNames;
import dev.nnc.api.Data;
import dev.nnc.api.Model;
import dev.nnc.api.RunDirectory;
import dev.nnc.api.TrainingSession;
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
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nnc eval [FILE] --weights CKPT}: loss, accuracy, per-class accuracy and the confusion matrix. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        modelTransformer = OptionalModelFile.class,
        description = {"Evaluate a checkpoint on the test split of the model's data (or --split validation or "
                + "train): loss, accuracy, per-class accuracy and a confusion matrix, printed and drawn to "
                + "confusion-SPLIT.png beside the checkpoint (or in --out).",
                "The checkpoint's model, --set overrides and --limit are the defaults (also with FILE); flags "
                + "given here replace them."})
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
            description = "test (default), validation or train: the splits nnc train made, with the checkpoint's "
                    + "--limit.")
    String split;

    @Option(names = "--limit", paramLabel = "N",
            description = "Split the first N training examples. Default: the --limit the checkpoint was trained with "
                    + "(so --split validation holds out the examples train did). The test split is never limited.")
    Integer limit;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write confusion-SPLIT.png. Default: beside CKPT.")
    Path out;

    @Option(names = "--allow-path", paramLabel = "DIR",
            description = "Let the model file's data paths name files below DIR too (repeatable; docs/security.md).")
    List<Path> allowPaths = new java.util.ArrayList<>();

    @Option(names = "--force", description = "Load a checkpoint written by a different model (graph hash) whose "
            + "tensors fit, with a warning.")
    boolean force;

    /**
     * Which training examples the split was taken from, when a {@code --limit} is in play: the checkpoint's (the
     * split train made), or one given here that differs from it (then the split is not the one train used).
     * {@code known}: whether the checkpoint records its limit (one with its source does, also when it had none).
     */
    private Optional<String> limitNote(OptionalInt trained, boolean known) {
        if (!known) {
            return limit != null ? Optional.empty() : Optional.of("the checkpoint does not record the --limit it was "
                    + "trained with (an older nnc wrote it); pass --limit N if it had one");
        }
        String recorded = trained.isPresent()
                ? String.format(Locale.ROOT, "--limit %d", trained.getAsInt()) : "all training examples";
        if (limit == null) {
            return trained.isEmpty() ? Optional.empty() : Optional.of(String.format(Locale.ROOT,
                    "split from the first %,d training examples, as the checkpoint was trained with %s "
                            + "(--limit N to change)", trained.getAsInt(), recorded));
        }
        if (trained.isPresent() && trained.getAsInt() == limit) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "--limit %d differs from what the checkpoint was trained on "
                + "(%s): this %s split is not the one nnc train used", limit, recorded, split));
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionChecks.oneOf(spec, "--split", split, "test", "validation", "train");
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
        return UserErrors.reported(err, () -> evaluate(compiled.get(), stdout, err));
    }

    /** Loads the checkpoint and the data (split as the checkpoint's run split it), scores, prints and draws. */
    private int evaluate(CompiledModel compiled, PrintWriter stdout, PrintWriter err) {
        LayerGraph graph = compiled.graph();
        Model model = Model.load(compiled, graph.train().precision(), weights, force);
        model.warnings().forEach(w -> err.println("nnc: warning: " + w));
        TrainingSession.ResumePoint recorded = TrainingSession.resumePoint(weights);
        OptionalInt trained = recorded.limit();
        OptionalInt used = limit != null ? OptionalInt.of(limit) : trained;
        DataSplits splits = Data.load(graph.train().data().get(), new LoadOptions(used).allowing(allowPaths));
        Optional<Dataset> set = switch (split) {
            case "test" -> splits.test();
            case "validation" -> Optional.of(splits.validation());
            default -> Optional.of(splits.train());
        };
        if (set.isEmpty() || set.get().isEmpty()) {
            err.println("nnc: " + graph.train().data().get().describe() + " has no " + split + " split");
            return ExitCodes.FAILED;
        }
        Evaluation.Score score = model.evaluate(set.get());
        stdout.printf(Locale.ROOT, "%s on %s %s (%,d examples)%n", graph.model(),
                graph.train().data().get().describe(), split, score.count());
        if (!split.equals("test")) { // the test split is never limited: which examples it holds is not in question
            limitNote(trained, recorded.overrides().isPresent()).ifPresent(n -> stdout.println("note: " + n));
            splits.notes().forEach(n -> stdout.println("note: " + n));
        }
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
