package dev.nnc.onnx;

import com.google.gson.Gson;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.nnc.api.ClassNames;
import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Model;
import dev.nnc.api.Nnc;
import dev.nnc.data.Preprocessing;
import dev.nnc.graph.DataSpec;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamSpec;
import dev.nnc.io.AtomicFiles;
import dev.nnc.io.ReadLimits;
import dev.nnc.ops.Parameter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import onnx.Onnx.ModelProto;

/**
 * Imports an ONNX model in the subset nnc can express (docs/onnx.md): writes a readable .nn file and its
 * weights as a safetensors checkpoint beside it ({@code model.nn} and {@code model.safetensors}), ready for
 * {@code nnc predict model.nn --weights model.safetensors INPUT...}. Inputs are taken as the ONNX model takes
 * them: the checkpoint holds no preprocessing unless the graph is an nnc export that embedded one.
 *
 * <pre>{@code
 * OnnxImport.Result r = OnnxImport.importModel(Path.of("mlp.onnx"), Path.of("mlp.nn"));
 * Model m = Model.load(r.graph(), Precision.FLOAT32, r.weights());
 * }</pre>
 */
public final class OnnxImport {

    /**
     * An ONNX file nnc imports, counted while reading (regular files only): 1 GiB, half of protobuf's 2 GiB
     * message limit and far above any model nnc can express (the largest in models/ is a few MB).
     */
    public static final int MAX_ONNX_BYTES = 1 << 30;

    private static final Set<String> KEYWORDS = Set.of("import", "val", "fun", "model", "train", "repeat", "residual",
            "true", "false", "x");

    private OnnxImport() {
    }

    /** The files written and the compiled graph of the .nn file. */
    public record Result(Path nnFile, Path weights, LayerGraph graph, String source) {
    }

    /** {@code model.safetensors} beside {@code model.nn}. */
    public static Path weightsFor(Path nnFile) {
        String name = nnFile.getFileName().toString();
        String stem = name.endsWith(".nn") ? name.substring(0, name.length() - 3) : name;
        return nnFile.resolveSibling(stem + ".safetensors");
    }

    /**
     * @throws UnsupportedOnnxException listing every node nnc cannot express (nothing is written)
     * @throws OnnxException            if the file cannot be read or is not an ONNX model, or the output cannot be
     *                                  written
     */
    public static Result importModel(Path onnxFile, Path nnFile) {
        ModelProto proto;
        try {
            proto = ModelProto.parseFrom(ReadLimits.readAll(onnxFile, MAX_ONNX_BYTES, "an ONNX model"));
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxException(onnxFile + " is not an ONNX model (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new OnnxException("cannot read " + onnxFile + ": " + (e.getMessage() != null ? e.getMessage() : e), e);
        }
        if (!proto.hasGraph()) {
            throw new OnnxException(onnxFile + " is not an ONNX model (it has no graph)");
        }
        OnnxImporter.Result read = OnnxImporter.read(proto);
        if (!read.unsupported().isEmpty()) {
            throw new UnsupportedOnnxException(onnxFile.toString(),
                    read.unsupported().stream().map(OnnxImporter.Unsupported::describe).toList());
        }
        String source = source(onnxFile, proto, read);
        CompileResult compiled = Nnc.compileString(nnFile.toString(), source, CompileOptions.defaults());
        if (!compiled.ok()) {
            throw new OnnxException(onnxFile + ": the layers read from it do not form a valid nnc model:\n"
                    + compiled.render());
        }
        LayerGraph graph = compiled.orThrow().graph();
        Model model = Model.create(graph);
        fill(onnxFile, graph, model.parameters(), read.layers());
        Preprocessing pre = read.preprocessing().orElse(Preprocessing.none(graph.inputShape(), 1.0));
        Path weights = weightsFor(nnFile);
        try {
            model.usePreprocessing(pre);
            model.save(weights);
            AtomicFiles.writeString(nnFile, source);
        } catch (IOException | RuntimeException e) {
            throw new OnnxException("cannot write " + nnFile + " and " + weights + ": "
                    + (e.getMessage() != null ? e.getMessage() : e), e);
        }
        return new Result(nnFile, weights, graph, source);
    }

    /** Copies each layer's weights into the parameters of the matching node, in graph order. */
    private static void fill(Path file, LayerGraph graph, List<Parameter> params, List<OnnxImporter.Layer> layers) {
        List<OnnxImporter.Layer> weighted = layers.stream().filter(l -> !l.weights().isEmpty()).toList();
        List<Node> owners = graph.nodes().stream().filter(n -> !n.params().isEmpty()).toList();
        if (weighted.size() != owners.size()) {
            throw new IllegalStateException(file + ": " + weighted.size() + " layers with weights, " + owners.size()
                    + " nodes with parameters");
        }
        Map<String, Parameter> byName = new java.util.HashMap<>();
        params.forEach(p -> byName.put(p.name(), p));
        for (int i = 0; i < owners.size(); i++) {
            Node node = owners.get(i);
            Map<String, float[]> w = weighted.get(i).weights();
            for (ParamSpec spec : node.params()) {
                float[] v = w.get(spec.localName());
                if (v == null || v.length != spec.shape().size()) {
                    throw new OnnxException(file + ": " + node.name() + "." + spec.localName() + " needs "
                            + spec.shape().size() + " values " + spec.shape() + ", the ONNX model has "
                            + (v == null ? "none" : v.length));
                }
                Parameter p = byName.get(spec.name());
                for (int j = 0; j < v.length; j++) {
                    p.value().set(j, v[j]);
                }
            }
        }
    }

    /** The .nn text: a header naming the source, the input, one layer per line, residual blocks indented. */
    static String source(Path onnxFile, ModelProto proto, OnnxImporter.Result read) {
        StringBuilder sb = new StringBuilder();
        sb.append("// Imported from ").append(onnxFile.getFileName()).append(" by nnc import (ONNX IR ")
                .append(proto.getIrVersion()).append(", opset ")
                .append(proto.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty()).findFirst()
                        .map(o -> Long.toString(o.getVersion())).orElse("?"));
        if (!proto.getProducerName().isEmpty()) {
            sb.append(", produced by ").append(proto.getProducerName()).append(' ').append(proto.getProducerVersion());
        }
        sb.append(").\n// Weights: the .safetensors file of the same name.\n");
        sb.append(read.preprocessing().isPresent()
                ? "// Inputs are raw: the checkpoint holds the preprocessing the ONNX graph embedded.\n"
                : "// Inputs go in as the ONNX model takes them (no preprocessing).\n");
        sb.append("\nmodel ").append(identifier(read.modelName())).append(" {\n");
        List<Integer> dims = read.inputDims();
        sb.append("    input(").append(String.join(", ", dims.stream().map(String::valueOf).toList())).append(")\n");
        String indent = "    ";
        for (OnnxImporter.Layer l : read.layers()) {
            if (l.text().equals("}")) {
                indent = indent.substring(4);
            }
            sb.append(indent).append(l.text()).append('\n');
            if (l.text().endsWith("{")) {
                indent += "    ";
            }
        }
        if (read.layers().stream().noneMatch(l -> Set.of("softmax", "mse").contains(l.text())
                || l.text().startsWith("svm"))) {
            sb.append("    svm    // the graph ends in raw class scores; svm passes them through at inference\n");
        }
        trainBlock(read).ifPresent(sb::append);
        return sb.append("}\n").toString();
    }

    /** Data set class names survive only through the data set: an export of a Fashion-MNIST model names it. */
    private static Optional<String> trainBlock(OnnxImporter.Result read) {
        String names = read.metadata().get(OnnxExporter.META_CLASSES);
        if (names == null) {
            return Optional.empty();
        }
        for (String kind : List.of("fashionMnist", "cifar10")) {
            List<String> known = ClassNames.of(Optional.of(new DataSpec(kind, Map.of(), Path.of(""))), 10);
            if (names.equals(new Gson().toJson(known))) {
                return Optional.of("\n    train {\n        data = " + kind + "()\n    }\n");
            }
        }
        return Optional.empty();
    }

    /** A model name the grammar accepts: letters, digits and underscores, not starting with a digit or a keyword. */
    static String identifier(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' ? c : '_');
        }
        String s = sb.toString().replaceAll("_+", "_").replaceAll("^_|_$", "");
        if (s.isEmpty() || Character.isDigit(s.charAt(0))) {
            s = "Imported" + s;
        }
        if (KEYWORDS.contains(s.toLowerCase(Locale.ROOT))) {
            s = s + "Model";
        }
        return s;
    }
}
