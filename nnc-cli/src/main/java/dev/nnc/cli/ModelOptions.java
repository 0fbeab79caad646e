package dev.nnc.cli;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.train.CheckpointException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options every command that reads a model shares (a picocli mixin): the file, which model, {@code --set}
 * overrides and the diagnostics format; and the one way to compile them, reporting diagnostics on stderr.
 * A key is set once: {@code --set k=1 --set k=2}, or {@code --epochs 2 --set epochs=5}, is a usage error.
 */
public final class ModelOptions {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .nn file to read.")
    Path file;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model to use when the file defines several.")
    String model;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a model parameter, train setting or optimizer hyperparameter, "
                    + "written as in a .nn file (--set depth=4 --set lr=3e-4). Repeatable, once per KEY.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--diagnostics", paramLabel = "FORMAT", defaultValue = "text",
            description = "How errors and warnings are printed on stderr: ${COMPLETION-CANDIDATES} "
                    + "(json: one object per line). Default: ${DEFAULT-VALUE}.")
    DiagnosticsFormat diagnostics;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** A command's own flags that stand for a setting ({@code --epochs N} is {@code epochs=N}), by key. */
    private final Map<String, Shorthand> shorthands = new LinkedHashMap<>();

    private record Shorthand(String flag, String value) {
    }

    /**
     * Records a command flag that is shorthand for {@code --set key=value}; giving both is a usage error, as
     * giving any flag twice is.
     */
    void shorthand(String flag, String key, String value) {
        shorthands.put(key, new Shorthand(flag, value));
    }

    /** Whether {@code key} is set on the command line, by {@code --set} or a shorthand flag. */
    boolean overrides(String key) {
        return overrides().containsKey(key);
    }

    /**
     * Every override, {@code --set}s in order then shorthands.
     *
     * @throws ParameterException for a {@code --set} without {@code =}, or a key given twice
     */
    Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq < 1) {
                throw new ParameterException(command.commandLine(), "--set must be KEY=VALUE, got '" + s + "'");
            }
            String key = s.substring(0, eq);
            String previous = out.put(key, s.substring(eq + 1));
            if (previous != null) {
                throw new ParameterException(command.commandLine(), "--set " + key + " is given twice (" + key + "="
                        + previous + " and " + s + "); give each key once");
            }
        }
        for (Map.Entry<String, Shorthand> e : shorthands.entrySet()) {
            String key = e.getKey();
            Shorthand flag = e.getValue();
            if (out.containsKey(key)) {
                throw new ParameterException(command.commandLine(), flag.flag() + " " + flag.value() + " and --set "
                        + key + "=" + out.get(key) + " both set '" + key + "'; give one of them");
            }
            out.put(key, flag.value());
        }
        return out;
    }

    /** Compiles the file, prints every diagnostic (warnings too) on {@code err}; the model when it has no errors. */
    public Optional<CompiledModel> compile(PrintWriter err) {
        return compile(err, UnaryOperator.identity());
    }

    /**
     * As {@link #compile(PrintWriter)}, for {@code nnc train}: a model that could train but names no data is an
     * error at its train block, with the fix ({@link CompileOptions#forTraining()}).
     */
    public Optional<CompiledModel> compileToTrain(PrintWriter err) {
        return compile(err, UnaryOperator.identity(), true);
    }

    /**
     * The model to load {@code checkpoint} into. Without FILE: the checkpoint's embedded source, with its recorded
     * model and overrides, which {@code --model} and {@code --set} may replace. With FILE: the file, compiled with
     * those same defaults when the checkpoint records them (its model, if the file defines one by that name), so
     * that {@code nnc eval FILE --weights CKPT} needs no flags the run was trained with; loading still checks the
     * graph hash. A {@code null} checkpoint (predict of a model whose weights are all in its file): the file as given.
     *
     * A checkpoint that cannot be read or carries no source (without FILE) is reported on {@code err} as
     * {@code nnc: ...}.
     */
    public Optional<CompiledModel> compile(PrintWriter err, Path checkpoint) {
        if (file != null && checkpoint == null) {
            return compile(err);
        }
        CompileOptions given = new CompileOptions(Optional.ofNullable(model), overrides());
        CompileResult result;
        CompileOptions used = given;
        try {
            if (file == null) {
                result = Nnc.compileCheckpoint(checkpoint, given);
            } else {
                used = Nnc.withCheckpointDefaults(checkpoint, given);
                result = Nnc.compile(file, used);
                if (model == null && used.model().isPresent() && result.diagnostics().stream()
                        .anyMatch(d -> d.code().equals("unknown-model"))) {
                    used = used.withModel(null); // renamed: the file's own model, which the hash check then names
                    result = Nnc.compile(file, used);
                }
            }
        } catch (CheckpointException e) {
            err.println("nnc: " + e.getMessage());
            return Optional.empty();
        }
        diagnostics.print(result, err);
        if (result.model().isEmpty() && file != null && !used.equals(given)) {
            err.println("nnc: note: " + file + " was compiled with what " + checkpoint + " recorded: "
                    + describe(used) + " (--model and --set given here replace them)");
        }
        return result.model();
    }

    private static String describe(CompileOptions options) {
        StringBuilder sb = new StringBuilder();
        options.model().ifPresent(m -> sb.append("--model ").append(m));
        options.overrides().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : " ").append("--set ").append(k)
                .append('=').append(v));
        return sb.toString();
    }

    /** As {@link #compile(PrintWriter)}, with {@code check} adding its diagnostics (an export target's, say). */
    public Optional<CompiledModel> compile(PrintWriter err, UnaryOperator<CompileResult> check) {
        return compile(err, check, false);
    }

    private Optional<CompiledModel> compile(PrintWriter err, UnaryOperator<CompileResult> check, boolean training) {
        CompileOptions options = new CompileOptions(Optional.ofNullable(model), overrides());
        options = training ? options.forTraining() : options;
        CompileResult compiled = Nnc.compile(file, options);
        if (compiled == null) { // the compiler thread died; its uncaught-exception handler has reported why
            throw new IllegalStateException("the compiler stopped without a result for " + file);
        }
        CompileResult result = check.apply(compiled);
        diagnostics.print(result, err);
        return result.model();
    }
}
