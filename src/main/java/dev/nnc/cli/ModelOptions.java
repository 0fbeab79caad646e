package dev.nnc.cli;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.semantic.CompiledModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The options every command that reads a model shares (a picocli mixin): the file, which model, {@code --set}
 * overrides and the diagnostics format; and the one way to compile them, reporting diagnostics on stderr.
 */
public final class ModelOptions {

    @Parameters(index = "0", paramLabel = "FILE", description = "The .nn file to read.")
    Path file;

    @Option(names = "--model", paramLabel = "NAME",
            description = "The model to use when the file defines several.")
    String model;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a model parameter, train setting or optimizer hyperparameter, "
                    + "written as in a .nn file (--set depth=4 --set lr=3e-4). Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--diagnostics", paramLabel = "FORMAT", defaultValue = "text",
            description = "How errors and warnings are printed on stderr: ${COMPLETION-CANDIDATES} "
                    + "(json: one object per line). Default: ${DEFAULT-VALUE}.")
    DiagnosticsFormat diagnostics;

    /** Compiles the file, prints every diagnostic (warnings too) on {@code err}; the model when it has no errors. */
    public Optional<CompiledModel> compile(PrintWriter err) {
        CompileOptions options = new CompileOptions(Optional.ofNullable(model), overrides);
        CompileResult result = Nnc.compile(file, options);
        if (result == null) { // the compiler thread died; its uncaught-exception handler has reported why
            throw new IllegalStateException("the compiler stopped without a result for " + file);
        }
        diagnostics.print(result, err);
        return result.model();
    }
}
