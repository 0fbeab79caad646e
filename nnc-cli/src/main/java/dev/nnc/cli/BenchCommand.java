package dev.nnc.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.api.TrainingSession;
import dev.nnc.bench.BenchResult;
import dev.nnc.bench.BenchSettings;
import dev.nnc.bench.BenchTable;
import dev.nnc.bench.FmaPeak;
import dev.nnc.bench.ModelBenchmark;
import dev.nnc.tensor.Precision;
import dev.nnc.semantic.CompiledModel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc bench [FILE...]}: training and inference throughput on synthetic data (docs/performance.md). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training and inference throughput of models with random weights on random "
                + "data of the model's input shape (no data is loaded): examples/s, GFLOPS and the share of the "
                + "machine's peak, allocation per training step, peak heap and RSS.",
                "Each model gets a warm-up, then the median of several timed windows is reported."})
final class BenchCommand implements Callable<Integer> {

    static final List<Path> DEFAULT_FILES = List.of(Path.of("models/fashion_mlp.nn"),
            Path.of("models/simple_convnet.nn"));

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "FILE",
            description = "The .nn files to measure. Default: models/fashion_mlp.nn and models/simple_convnet.nn.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "GEMM threads. Default: available processors.")
    Integer threads;

    @Option(names = "--precision", paramLabel = "P",
            description = "float32 or float64. Default: the model's train block (float32 unless it says otherwise).")
    String precision;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "Time budget per model: 30%% warm-up, 50%% timed training, 20%% timed inference. "
                    + "Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(names = "--batch", paramLabel = "B", description = "Batch size. Default: the model's batchSize.")
    Integer batch;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "5",
            description = "Timed windows per measurement; the median is reported. Default: ${DEFAULT-VALUE}.")
    int windows;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the random weights and data. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--peak-gflops", paramLabel = "G",
            description = "Peak GFLOPS per core for the %% peak column. Default: measured on this core "
                    + "(fused multiply-adds at the CPU's widest vector, best of 40 one-millisecond rounds).")
    Double peakGflops;

    @Option(names = "--json", description = "Print one JSON object per model (one per line) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BenchSettings settings = settings();
        List<Path> inputs = files.isEmpty() ? DEFAULT_FILES.stream().filter(Files::isRegularFile).toList() : files;
        if (inputs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no model to measure: pass one or more .nn files "
                    + "(the defaults " + DEFAULT_FILES + " are not in this directory)");
        }
        List<BenchResult> results = new ArrayList<>();
        StringBuilder profiles = new StringBuilder();
        for (Path file : inputs) {
            CompileResult compiled = Nnc.compile(file, CompileOptions.defaults());
            DiagnosticsFormat.TEXT.print(compiled, err);
            Optional<CompiledModel> model = compiled.model();
            if (model.isEmpty()) {
                return ExitCodes.FAILED;
            }
            err.printf(Locale.ROOT, "nnc: measuring %s (%s) for about %.3g s%n", model.get().graph().model(), file,
                    seconds);
            err.flush();
            ModelBenchmark bench = new ModelBenchmark(settings, note -> {
                err.println("nnc: " + note);
                err.flush();
            }, verbose());
            BenchResult r = bench.run(model.get(), file.toString());
            if (!bench.lastProfile().isEmpty()) {
                profiles.append(bench.lastProfile());
            }
            results.add(r);
            if (json) {
                out.println(GSON.toJson(r.toJson()));
                out.flush();
            }
        }
        if (!json) {
            out.print(BenchTable.render(results));
            if (!profiles.isEmpty()) {
                out.print("\nPer operator (wall time inside each operator over the timed training steps):\n");
                out.print(profiles);
            }
            out.flush();
        } else if (!profiles.isEmpty()) {
            err.print(profiles); // stdout stays one JSON object per line
            err.flush();
        }
        return ExitCodes.OK;
    }

    /** nnc's global --verbose: here it also prints where a training step's time goes, operator by operator. */
    private boolean verbose() {
        for (var p = spec.commandLine().getParseResult(); p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private BenchSettings settings() {
        OptionChecks.require(spec, threads == null || threads >= 1 && threads <= 256,
                "--threads must be in 1..256, got " + threads);
        OptionChecks.require(spec, seconds > 0 && seconds <= 86_400, "--seconds must be positive, got " + seconds);
        OptionChecks.atLeastOne(spec, "--batch", batch);
        OptionChecks.atLeastOne(spec, "--windows", windows);
        OptionChecks.require(spec, peakGflops == null || peakGflops > 0,
                "--peak-gflops must be positive, got " + peakGflops);
        Optional<Precision> p = Optional.empty();
        if (precision != null) {
            p = Precision.parse(precision);
            OptionChecks.require(spec, p.isPresent(), "--precision must be float32 or float64, got '" + precision
                    + "'");
        }
        double peak32;
        double peak64;
        if (peakGflops == null) {
            peak32 = FmaPeak.gflopsPerCore(Precision.FLOAT32);
            peak64 = FmaPeak.gflopsPerCore(Precision.FLOAT64);
            PrintWriter err = spec.commandLine().getErr();
            err.printf(Locale.ROOT, "nnc: this core's measured FMA peak: %.0f GFLOPS float32, %.0f float64%n",
                    peak32, peak64);
            err.flush();
        } else {
            peak32 = peakGflops;
            peak64 = peakGflops;
        }
        return new BenchSettings(threads == null ? TrainingSession.defaultThreads() : threads, p,
                batch == null ? OptionalInt.empty() : OptionalInt.of(batch), seconds, windows, seed, peak32, peak64);
    }
}
