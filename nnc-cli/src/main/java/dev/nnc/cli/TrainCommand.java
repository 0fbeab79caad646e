package dev.nnc.cli;

import dev.nnc.api.ClassNames;
import dev.nnc.api.Data;
import dev.nnc.api.Emit;
import dev.nnc.api.TrainingSession;
import dev.nnc.data.DataSplits;
import dev.nnc.data.LoadOptions;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.TrainConfig;
import dev.nnc.report.RunReport;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.train.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nnc train FILE}: trains a model on its data and writes a run directory (docs/training.md). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a model with the settings of its train { } block (overridable here), keep the best "
                + "weights by validation accuracy, and report the test accuracy.",
                "Writes a run directory: last.safetensors, best.safetensors, history.csv, metrics.jsonl, "
                        + "result.json, curves.png and (classifiers) confusion.png."})
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions input;

    @Option(names = "--epochs", paramLabel = "N", description = "Override the train block's epochs.")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Override the train block's seed.")
    Long seed;

    @Option(names = "--precision", paramLabel = "P", description = "float32 (default) or float64.")
    String precision;

    @Option(names = "--data", paramLabel = "SPEC",
            description = "Override the data set, written as in a .nn file, e.g. 'mnist(\"data/mnist\")'.")
    String data;

    @Option(names = "--limit", paramLabel = "N", description = "Train on the first N training examples only.")
    Integer limit;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads for matrix multiplies and the larger layers. Default: all processors.")
    Integer threads;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory. Default: runs/<Model>-<timestamp>/.")
    Path out;

    @Option(names = "--allow-path", paramLabel = "DIR",
            description = "Let the model file's data paths name files below DIR too (repeatable). By default they "
                    + "must stay below the model file's directory (docs/security.md).")
    List<Path> allowPaths = new java.util.ArrayList<>();

    @Option(names = "--resume", paramLabel = "CKPT",
            description = "Continue the run that wrote this checkpoint (weights, optimizer, epoch, random state).")
    Path resume;

    @Option(names = "--preview-augment", paramLabel = "PNG",
            description = "Write a PNG grid of augmented training examples (a row per example: the original, then "
                    + "augmented copies) and exit without training. Needs augment = ... in the train block or --set.")
    Path previewAugment;

    @Option(names = "--preview-rows", paramLabel = "N", defaultValue = "6",
            description = "Examples (rows) in the --preview-augment grid. Default: ${DEFAULT-VALUE}.")
    int previewRows;

    @Option(names = "--preview-columns", paramLabel = "N", defaultValue = "7",
            description = "Augmented copies per row in the --preview-augment grid. Default: ${DEFAULT-VALUE}.")
    int previewColumns;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionChecks.atLeastOne(spec, "--limit", limit); // LoadOptions would reject it as a bug, exit 70
        OptionChecks.atLeastOne(spec, "--threads", threads);
        if (epochs != null) {
            input.shorthand("--epochs", "epochs", epochs.toString());
        }
        if (seed != null) {
            input.shorthand("--seed", "seed", seed.toString());
        }
        if (precision != null) {
            input.shorthand("--precision", "precision", precision);
        }
        if (data != null) {
            input.shorthand("--data", "data", data);
        }
        Optional<CompiledModel> compiled = input.compileToTrain(err);
        if (compiled.isEmpty()) {
            return ExitCodes.FAILED;
        }
        LayerGraph graph = compiled.get().graph();
        TrainConfig config = graph.train();
        if (previewAugment != null) {
            OptionChecks.atLeastOne(spec, "--preview-rows", previewRows);
            OptionChecks.atLeastOne(spec, "--preview-columns", previewColumns);
            return preview(graph, config, stdout, err);
        }
        Optional<String> untrainable = TrainingSession.cannotTrain(graph);
        if (untrainable.isPresent()) {
            err.println("nnc: " + untrainable.get());
            return ExitCodes.FAILED;
        }
        if (graph.lossOp().isEmpty()) {
            err.println("nnc: model " + graph.model() + " has no loss layer (softmax, svm or mse): it can run "
                    + "inference but not train");
            return ExitCodes.FAILED;
        }
        // A model without data got the positioned error missing-train-key from compileToTrain.
        return UserErrors.reported(err, () -> train(graph, config, stdout));
    }

    /** Writes the --preview-augment grid from the first training examples, seeded by the train block's seed. */
    private int preview(LayerGraph graph, TrainConfig config, PrintWriter stdout, PrintWriter err) {
        if (config.augment().isEmpty()) {
            err.println("nnc: --preview-augment: model " + graph.model() + " has no augmentation; add augment = "
                    + "rotate(20) - shift(0.1) - flip (say) to its train block, or pass --set 'augment=flip'");
            return ExitCodes.FAILED;
        }
        if (config.data().isEmpty()) {
            err.println("nnc: --preview-augment: model " + graph.model() + " names no data; pass --data");
            return ExitCodes.FAILED;
        }
        return UserErrors.reported(err, () -> {
            int shown;
            try {
                shown = Data.previewAugmentation(config, previewRows, previewColumns, previewAugment);
            } catch (IllegalArgumentException e) {
                err.println("nnc: --preview-augment: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            stdout.printf(Locale.ROOT, "wrote %s: %d examples of %s, each with %d augmented copies (%s)%n",
                    previewAugment, shown, config.data().get().describe(), previewColumns, config.augment().describe());
            return ExitCodes.OK;
        });
    }

    /** Loads the data, trains, writes the run directory. */
    private int train(LayerGraph graph, TrainConfig compiled, PrintWriter stdout) {
        if (resume != null) { // finish or undo an epoch a kill interrupted before reading anything
            TrainingSession.recover(resume);
        }
        OptionalLong saved = resume == null ? OptionalLong.empty() : TrainingSession.checkpointSeed(resume);
        TrainConfig config = saved.isPresent() ? compiled.withSeed(resumedSeed(saved.getAsLong(), compiled)) : compiled;
        TrainingSession session = TrainingSession.open(graph, config,
                (limit == null ? LoadOptions.all() : LoadOptions.limit(limit)).allowing(allowPaths),
                runDirectory(graph),
                Optional.ofNullable(resume), threads == null ? OptionalInt.empty() : OptionalInt.of(threads));
        DataSplits splits = session.data();
        Path dir = session.runDirectory();
        session.resumedAfterEpoch().ifPresent(epoch -> stdout.println("resuming " + resume + " after epoch " + epoch));
        stdout.printf(Locale.ROOT, "training %s on %s: %,d train / %,d validation / %,d test examples%n",
                graph.model(), config.data().get().describe(), splits.train().count(), splits.validation().count(),
                splits.test().map(d -> d.count()).orElse(0));
        TrainingSession.Kernels kernels = session.kernels();
        stdout.printf(Locale.ROOT, "%s, %s, batch %d, %s, seed %d, GEMM kernel %s on %s, element loops %s%n",
                Emit.optimizer(config.optimizer())
                        + (config.schedule().isConstant() ? "" : ", schedule " + config.schedule().describe())
                        + (config.labelSmoothing() == 0 ? "" : ", labelSmoothing " + config.labelSmoothing()),
                Emit.count(config.epochs(), "epoch"), config.batchSize(),
                config.precision().label(), session.model().seed(), kernels.gemm(),
                Emit.count(kernels.threads(), "thread"), kernels.elementLoops());
        stdout.flush();
        TrainingResult result = session.train(new ProgressListener(stdout, System.console() != null));
        List<String> names = ClassNames.of(config.data(), (int) graph.output().shape().size());
        RunReport.write(dir, graph, config, session.model().seed(), result, names,
                new RunReport.Invocation(commandLine(), input.overrides()));
        result.testAcc().ifPresent(acc -> stdout.printf(Locale.ROOT, "test accuracy %.4f%n", acc));
        stdout.printf(Locale.ROOT, "trained in %.1fs (%,.0f examples/s); run directory: %s%n",
                result.trainSeconds(), result.examplesPerSecond(), dir);
        return ExitCodes.OK;
    }

    /** The arguments {@code nnc} was started with, as given, for result.json. */
    private List<String> commandLine() {
        var parsed = spec.root().commandLine().getParseResult();
        List<String> args = new java.util.ArrayList<>(List.of("nnc"));
        if (parsed != null) {
            args.addAll(parsed.originalArgs());
        }
        return args;
    }

    /**
     * The seed a resumed run continues with: the checkpoint's, which decides every later epoch's shuffle. A
     * seed given on the command line must agree with it.
     */
    private long resumedSeed(long saved, TrainConfig config) {
        if (input.overrides("seed") && config.seed().isPresent() && config.seed().getAsLong() != saved) {
            throw new ParameterException(spec.commandLine(), "--seed " + config.seed().getAsLong()
                    + " differs from the seed " + saved + " that " + resume + " was trained with; resume without "
                    + "--seed (or with --seed " + saved + ")");
        }
        return saved;
    }

    private Path runDirectory(LayerGraph graph) {
        if (out != null) {
            return out;
        }
        if (resume != null) {
            return resume.toAbsolutePath().getParent();
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Path.of("runs", graph.model() + "-" + stamp);
    }
}
