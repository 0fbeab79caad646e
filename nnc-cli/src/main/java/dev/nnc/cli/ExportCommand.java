package dev.nnc.cli;

import dev.nnc.graph.LayerGraph;
import dev.nnc.onnx.OnnxException;
import dev.nnc.onnx.OnnxExport;
import dev.nnc.semantic.CompiledModel;
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

/** {@code nnc export [FILE] --weights CKPT --format onnx [-o OUT]}: the model and its weights as ONNX, verified. */
@Command(name = "export", mixinStandardHelpOptions = true,
        modelTransformer = OptionalModelFile.class,
        description = {"Export a model with a checkpoint's weights to ONNX (opset 17, IR 8; ONNX Runtime 1.13 or "
                + "later), the checkpoint's preprocessing embedded in the graph. Before the file is written, "
                + "ONNX Runtime runs it on seeded inputs and a batch of the test data and its outputs are compared "
                + "with nnc's; the export fails if they differ beyond the tolerance (docs/onnx.md).",
                "The checkpoint's model and --set overrides are the defaults (also with FILE); flags given here "
                + "replace them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:exported (and verified)", "1:the model has errors, cannot be exported, the checkpoint "
                + "does not fit, or verification failed", "2:usage error", "70:internal error in nnc"})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions input;

    @Option(names = "--weights", required = true, paramLabel = "CKPT", description = "A checkpoint written by nnc train.")
    Path weights;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "onnx",
            description = "The output format; onnx is the only one. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "The file to write (atomically). Default: the .nn file's name with .onnx (without "
                    + "FILE, the checkpoint's), in the current directory.")
    Path output;

    @Option(names = "--no-verify", description = "Do not run the exported model in ONNX Runtime before writing it.")
    boolean noVerify;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("onnx")) {
            throw new ParameterException(spec.commandLine(), "--format must be onnx, not '" + format + "'");
        }
        Optional<CompiledModel> compiled = input.compile(err, weights);
        if (compiled.isEmpty()) {
            return ExitCodes.FAILED;
        }
        LayerGraph graph = compiled.get().graph();
        Path target = output != null ? output : Path.of(stem(input.file != null ? input.file : weights) + ".onnx");
        return UserErrors.reported(err, () -> {
            try {
                OnnxExport.Options options = noVerify ? OnnxExport.Options.defaults().withoutVerification()
                        : OnnxExport.Options.defaults();
                OnnxExport.Result r = OnnxExport.export(graph, weights, target, options);
                r.verified().ifPresent(out::println);
                r.verification().ifPresent(v -> v.notes().forEach(n -> err.println("nnc: note: " + n)));
                out.println(r.written());
                return ExitCodes.OK;
            } catch (OnnxException e) {
                err.println("nnc: " + e.getMessage());
                return ExitCodes.FAILED;
            }
        });
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return name.endsWith(".nn") || name.endsWith(".safetensors") ? name.substring(0, dot) : name;
    }
}
