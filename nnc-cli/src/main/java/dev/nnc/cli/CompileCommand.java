package dev.nnc.cli;

import dev.nnc.onnx.Exportability;
import dev.nnc.semantic.CompiledModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nnc compile FILE}: check a model and print its summary, JSON graph or Graphviz dot. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Check a model, then print its summary, its layer graph as JSON, or Graphviz dot.",
                "Errors and warnings go to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:compiled (warnings allowed)", "1:the model has errors, or OUT cannot be written",
                "2:usage error", "70:internal error in nnc"})
final class CompileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions input;

    @Option(names = "--emit", paramLabel = "FORMAT", defaultValue = "summary",
            description = "What to print: ${COMPLETION-CANDIDATES}. summary is a table like Keras' "
                    + "model.summary(); json is the graph in the nnc.graph schema (docs/graph-json.md); dot is "
                    + "Graphviz text. Default: ${DEFAULT-VALUE}.")
    EmitFormat emit;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write the output to this file (atomically) instead of stdout.")
    Path output;

    @Option(names = "--target", paramLabel = "TARGET",
            description = "Also check that the model can be exported to TARGET (onnx): every layer or setting that "
                    + "cannot is reported at its line, before anyone trains (docs/onnx.md).")
    String target;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (target != null && !target.equals("onnx")) {
            throw new ParameterException(spec.commandLine(), "--target must be onnx, not '" + target + "'");
        }
        Optional<CompiledModel> model = target == null ? input.compile(err) : input.compile(err, Exportability::check);
        if (model.isEmpty()) {
            return ExitCodes.FAILED;
        }
        try {
            Output.write(emit.emit(model.get()), output, spec.commandLine().getOut());
        } catch (IOException e) {
            err.println("nnc: cannot write " + output + ": " + (e.getMessage() != null ? e.getMessage() : e));
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
