package dev.nnc.cli;

import dev.nnc.api.ClassNames;
import dev.nnc.api.Model;
import dev.nnc.data.DataLoader;
import dev.nnc.data.DataSplits;
import dev.nnc.data.LoadOptions;
import dev.nnc.emit.Format;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.simd.Simd;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.TrainConfig;
import dev.nnc.io.RunFileException;
import dev.nnc.report.RunReport;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.HistoryCsv;
import dev.nnc.train.RunFiles;
import dev.nnc.train.Trainer;
import dev.nnc.train.TrainingResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
                "Writes a run directory: last.safetensors, best.safetensors, history.csv, result.json, "
                        + "curves.png and (classifiers) confusion.png."})
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
        if (threads != null) {
            Gemm.setThreads(threads);
        }
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
        Optional<CompiledModel> compiled = input.compile(err);
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
        Optional<String> untrainable = dev.nnc.graph.Trainability.refusal(graph);
        if (untrainable.isPresent()) {
            err.println("nnc: " + untrainable.get());
            return ExitCodes.FAILED;
        }
        if (graph.lossOp().isEmpty()) {
            err.println("nnc: model " + graph.model() + " has no loss layer (softmax, svm or mse): it can run "
                    + "inference but not train");
            return ExitCodes.FAILED;
        }
        if (config.data().isEmpty()) {
            err.println("nnc: model " + graph.model() + " names no data: add data = ... to its train block, or pass "
                    + "--data 'fashionMnist()'");
            return ExitCodes.FAILED;
        }
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
            // the first examples only, none held out (the grid shows training examples)
            dev.nnc.graph.DataSpec d = config.data().get();
            java.util.Map<String, Object> args = new java.util.LinkedHashMap<>(d.args());
            args.put(DataLoader.VALIDATION, 0);
            DataSplits splits = DataLoader.load(new dev.nnc.graph.DataSpec(d.kind(), args, d.baseDir()),
                    LoadOptions.limit(previewRows));
            java.awt.image.BufferedImage img;
            try {
                img = dev.nnc.data.augment.AugmentPreview.grid(splits.train(), config.augment(), previewRows,
                        previewColumns, config.seed().orElse(0));
            } catch (IllegalArgumentException e) {
                err.println("nnc: --preview-augment: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            try {
                dev.nnc.data.augment.AugmentPreview.writePng(img, previewAugment);
            } catch (IOException e) {
                throw RunFileException.cannotWrite(previewAugment, e);
            }
            stdout.printf(Locale.ROOT, "wrote %s: %d examples of %s, each with %d augmented copies (%s)%n",
                    previewAugment, Math.min(previewRows, splits.train().count()), config.data().get().describe(),
                    previewColumns, config.augment().describe());
            return ExitCodes.OK;
        });
    }

    /** Loads the data, trains, writes the run directory. */
    private int train(LayerGraph graph, TrainConfig compiled, PrintWriter stdout) {
        Checkpoint ckpt = resume == null ? null : Checkpoint.read(resume);
        TrainConfig config = ckpt != null && ckpt.meta().seed().isPresent()
                ? compiled.withSeed(resumedSeed(ckpt, compiled)) : compiled;
        DataSplits splits = DataLoader.load(config.data().get(),
                limit == null ? LoadOptions.all() : LoadOptions.limit(limit));
        Model model = Model.create(graph, config);
        Path dir = runDirectory(graph);
        createDirectories(dir);
        Trainer trainer = model.trainer(splits, Optional.of(dir));
        if (ckpt != null) {
            Path history = resume.resolveSibling(RunFiles.HISTORY);
            trainer.resumeFrom(ckpt, Files.isRegularFile(history) ? HistoryCsv.read(history) : List.of());
            stdout.println("resuming " + resume + " after epoch " + ckpt.meta().epoch());
        }
        stdout.printf(Locale.ROOT, "training %s on %s: %,d train / %,d validation / %,d test examples%n",
                graph.model(), config.data().get().describe(), splits.train().count(), splits.validation().count(),
                splits.test().map(d -> d.count()).orElse(0));
        stdout.printf(Locale.ROOT, "%s, %s, batch %d, %s, seed %d, GEMM kernel %s on %s, element loops %s%n",
                Format.optimizer(config.optimizer()), Format.count(config.epochs(), "epoch"), config.batchSize(),
                config.precision().label(), model.seed(), Gemm.kernel().name(), Format.count(Gemm.threads(), "thread"),
                Simd.name());
        stdout.flush();
        TrainingResult result = trainer.train(splits, new ProgressListener(stdout, System.console() != null));
        List<String> names = ClassNames.of(config.data(), (int) graph.output().shape().size());
        RunReport.write(dir, graph, config, model.seed(), result, names);
        result.testAcc().ifPresent(acc -> stdout.printf(Locale.ROOT, "test accuracy %.4f%n", acc));
        stdout.printf(Locale.ROOT, "trained in %.1fs (%,.0f examples/s); run directory: %s%n",
                result.trainSeconds(), result.examplesPerSecond(), dir);
        return ExitCodes.OK;
    }

    /**
     * The seed a resumed run continues with: the checkpoint's, which decides every later epoch's shuffle. A
     * seed given on the command line must agree with it.
     */
    private long resumedSeed(Checkpoint ckpt, TrainConfig config) {
        long saved = ckpt.meta().seed().getAsLong();
        if (input.overrides("seed") && config.seed().isPresent() && config.seed().getAsLong() != saved) {
            throw new ParameterException(spec.commandLine(), "--seed " + config.seed().getAsLong()
                    + " differs from the seed " + saved + " that " + resume + " was trained with; resume without "
                    + "--seed (or with --seed " + saved + ")");
        }
        return saved;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw RunFileException.cannotCreateDirectory(dir, e);
        }
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
