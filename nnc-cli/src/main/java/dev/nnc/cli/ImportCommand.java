package dev.nnc.cli;

import dev.nnc.onnx.OnnxException;
import dev.nnc.onnx.OnnxImport;
import dev.nnc.onnx.UnsupportedOnnxException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nnc import model.onnx -o model.nn}: an ONNX model as a .nn file and a safetensors checkpoint. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import an ONNX model: writes a readable .nn file and its weights as a .safetensors "
                + "checkpoint beside it, for nnc predict/eval. Supported: Gemm/MatMul(+Add), Conv, MaxPool, "
                + "AveragePool, BatchNormalization, LayerNormalization, Relu, Sigmoid, Tanh, LeakyRelu, Dropout, "
                + "Identity, Flatten/Reshape to 2-D, residual Add, Softmax (docs/onnx.md). Otherwise every "
                + "unsupported node is listed and nothing is written."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:imported", "1:the file cannot be read or has unsupported nodes, or OUT cannot be "
                + "written", "2:usage error", "70:internal error in nnc"})
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "The ONNX file to read.")
    Path onnx;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.nn",
            description = "The .nn file to write; the weights go beside it as OUT.safetensors. Default: the ONNX "
                    + "file's name with .nn, in the current directory.")
    Path output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path nn = output != null ? output : Path.of(stem(onnx) + ".nn");
        try {
            OnnxImport.Result r = OnnxImport.importModel(onnx, nn);
            out.println("wrote " + r.nnFile() + " (model " + r.graph().model() + ", " + (r.graph().nodes().size() - 1)
                    + " layers) and " + r.weights());
            return ExitCodes.OK;
        } catch (UnsupportedOnnxException e) {
            for (String node : e.nodes()) {
                err.println(onnx + ": error: unsupported " + node);
            }
            err.println("nnc: " + e.nodes().size() + " unsupported node" + (e.nodes().size() == 1 ? "" : "s")
                    + "; nothing written (docs/onnx.md lists what imports)");
            return ExitCodes.FAILED;
        } catch (OnnxException e) {
            err.println("nnc: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    }
}
