package dev.nnc.onnx;

import dev.nnc.api.CompileResult;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.tensor.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What of a compiled model cannot be exported to ONNX, found before anyone trains ({@code nnc compile
 * --target onnx}). Each finding is a diagnostic at the layer's (or setting's) place in the source. This class
 * does not touch protobuf or ONNX Runtime, so checking costs a compile nothing more than the graph walk.
 */
public final class Exportability {

    /** The operators {@link OnnxExporter} maps, each to the ONNX operators listed in docs/onnx.md. */
    public static final Set<String> EXPORTABLE = Set.of("input", "affine", "conv", "maxpool", "avgpool", "flatten",
            "relu", "sigmoid", "tanh", "identity", "leakyRelu", "batchnorm", "layernorm", "dropout", "branch", "add",
            "softmax", "svm", "mse");

    private static final String PRECISION = "onnx-precision";

    private Exportability() {
    }

    /**
     * The compile result with the export findings added after its own diagnostics; without its model when a
     * finding is an error, as a compile error would leave it. A result that did not compile is returned as is.
     */
    public static CompileResult check(CompileResult result) {
        if (!result.ok()) {
            return result;
        }
        List<Diagnostic> found = new ArrayList<>();
        for (Diagnostic d : check(result.model().get().graph())) {
            found.add(d.code().equals(PRECISION) ? new Diagnostic(d.severity(), d.code(), d.message(),
                    precisionSetting(result.sources(), d.span()), d.hint()) : d);
        }
        List<Diagnostic> all = new ArrayList<>(result.diagnostics());
        all.addAll(found);
        boolean failed = found.stream().anyMatch(Diagnostic::isError);
        return new CompileResult(failed ? Optional.empty() : result.model(), all, result.sources());
    }

    /**
     * Where float64 was asked for: a {@code --set precision=...}, or the {@code precision = } line of the model's
     * file; the input layer when neither is found (the precision came from elsewhere).
     */
    private static SourceSpan precisionSetting(Map<String, SourceText> sources, SourceSpan fallback) {
        SourceText set = sources.get("--set precision");
        if (set != null) {
            return new SourceSpan(set.path(), 1, 1, 1, Math.max(1, set.text().length()));
        }
        SourceText file = sources.get(fallback.file());
        if (file != null) {
            for (int n = file.lineCount(); n >= 1; n--) {
                String line = file.line(n);
                int at = line.indexOf("precision");
                if (at >= 0 && line.substring(at + "precision".length()).trim().startsWith("=")) {
                    return new SourceSpan(fallback.file(), n, at + 1, n, line.stripTrailing().length());
                }
            }
        }
        return fallback;
    }

    /** Errors for layers nothing maps; a warning for float64 training (ONNX weights are float32). */
    public static List<Diagnostic> check(LayerGraph graph) {
        List<Diagnostic> out = new ArrayList<>();
        for (Node n : graph.nodes()) {
            if (!EXPORTABLE.contains(n.op())) {
                out.add(Diagnostic.error("onnx-export", n.span(), "layer '" + n.op() + "' (" + n.name()
                        + ") has no ONNX mapping and cannot be exported"));
            } else if (n.op().equals("add") && n.inputs().size() != 2) {
                out.add(Diagnostic.error("onnx-export", n.span(), n.name() + " adds " + n.inputs().size()
                        + " operands; only two-operand residual adds are exported"));
            }
        }
        if (graph.train().precision() == Precision.FLOAT64) {
            out.add(Diagnostic.warning(PRECISION, graph.nodes().get(0).span(),
                    "the model trains in float64, but ONNX export writes float32 weights (rounded)"));
        }
        return out;
    }
}
