package dev.nnc.onnx;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnc.data.DataException;
import dev.nnc.data.Preprocessing;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * An ONNX graph as nnc layers: the subset a .nn file can express (a chain of layers with residual additions),
 * mapped back operator by operator (the table of docs/onnx.md read right to left). Every node outside the
 * subset is collected, so one run lists them all. Float attributes come back as the shortest decimal that
 * rounds to them ({@code 1e-5f} reads as 1e-5), which is how an nnc export round-trips to the same graph.
 */
final class OnnxImporter {

    /** One nnc layer with the weights it owns, by local parameter name ({@code W}, {@code gamma}...). */
    record Layer(String text, Map<String, float[]> weights) {
    }

    /** A node nnc cannot express. */
    record Unsupported(String opType, String name, String why) {
        String describe() {
            return opType + " node '" + name + "'" + (why.isEmpty() ? "" : ": " + why);
        }
    }

    /** The layers in order ({@code residual {} and {@code }} lines have no weights), or what is unsupported. */
    record Result(String modelName, List<Integer> inputDims, List<Layer> layers, Optional<Preprocessing> preprocessing,
                  Map<String, String> metadata, List<Unsupported> unsupported) {
    }

    private final GraphProto g;
    private final Map<String, String> meta = new LinkedHashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private final List<Layer> layers = new ArrayList<>();
    private final List<Unsupported> unsupported = new ArrayList<>();
    private final Set<NodeProto> skip = new HashSet<>();
    private final Deque<String> forks = new ArrayDeque<>();
    private JsonObject layerArgs = new JsonObject();
    private String current;
    private int rank;

    private OnnxImporter(ModelProto model) {
        this.g = model.getGraph();
        for (StringStringEntryProto e : model.getMetadataPropsList()) {
            meta.put(e.getKey(), e.getValue());
        }
    }

    static Result read(ModelProto model) {
        return new OnnxImporter(model).run();
    }

    private Result run() {
        g.getInitializerList().forEach(t -> constants.put(t.getName(), t));
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Constant") && n.getAttributeCount() == 1
                    && n.getAttribute(0).getType() == AttributeProto.AttributeType.TENSOR) {
                constants.put(n.getOutput(0), n.getAttribute(0).getT());
                skip.add(n);
            }
            for (String in : n.getInputList()) {
                consumers.merge(in, 1, Integer::sum);
            }
        }
        for (ValueInfoProto o : g.getOutputList()) {
            consumers.merge(o.getName(), 1, Integer::sum);
        }
        List<ValueInfoProto> inputs = g.getInputList().stream().filter(v -> !constants.containsKey(v.getName()))
                .toList();
        if (inputs.size() != 1) {
            unsupported.add(new Unsupported("graph", g.getName(), "nnc models take one input; this graph takes "
                    + inputs.size()));
            return result(List.of());
        }
        if (g.getOutputCount() != 1) {
            unsupported.add(new Unsupported("graph", g.getName(), "nnc models have one output; this graph has "
                    + g.getOutputCount()));
        }
        List<Integer> dims = inputDims(inputs.get(0));
        if (dims.isEmpty()) {
            return result(dims);
        }
        rank = dims.size();
        current = inputs.get(0).getName();
        if (meta.containsKey(OnnxExporter.META_LAYER_ARGS)) {
            try {
                layerArgs = JsonParser.parseString(meta.get(OnnxExporter.META_LAYER_ARGS)).getAsJsonObject();
            } catch (RuntimeException e) {
                unsupported.add(new Unsupported("metadata", OnnxExporter.META_LAYER_ARGS, "not a JSON object"));
            }
        }
        for (NodeProto n : g.getNodeList()) {
            if (!skip.contains(n)) {
                node(n);
            }
        }
        if (!forks.isEmpty()) {
            unsupported.add(new Unsupported("graph", g.getName(), "a branch of the graph is never added back"));
        }
        if (g.getOutputCount() == 1 && !g.getOutput(0).getName().equals(current) && unsupported.isEmpty()) {
            unsupported.add(new Unsupported("graph", g.getName(), "the output " + g.getOutput(0).getName()
                    + " is not the end of the layer chain"));
        }
        return result(dims);
    }

    private Result result(List<Integer> dims) {
        String name = meta.getOrDefault(OnnxExporter.META_MODEL, g.getName());
        return new Result(name, dims, layers, preprocessing(), meta, unsupported);
    }

    private Optional<Preprocessing> preprocessing() {
        String json = meta.get(OnnxExporter.META_PREPROCESSING);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Preprocessing.fromJson(json));
        } catch (DataException e) {
            unsupported.add(new Unsupported("metadata", OnnxExporter.META_PREPROCESSING, e.getMessage()));
            return Optional.empty();
        }
    }

    /** (C, H, W) or (D) from an input of shape (N, C, H, W) or (N, D), N free or fixed. */
    private List<Integer> inputDims(ValueInfoProto in) {
        if (!in.getType().hasTensorType() || in.getType().getTensorType().getElemType()
                != TensorProto.DataType.FLOAT_VALUE) {
            unsupported.add(new Unsupported("input", in.getName(), "nnc takes float32 input tensors"));
            return List.of();
        }
        List<TensorShapeProto.Dimension> d = in.getType().getTensorType().getShape().getDimList();
        if (d.size() != 2 && d.size() != 4) {
            unsupported.add(new Unsupported("input", in.getName(), "nnc takes (N, D) or (N, C, H, W) input, not rank "
                    + d.size()));
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (TensorShapeProto.Dimension x : d.subList(1, d.size())) {
            if (!x.hasDimValue() || x.getDimValue() < 1) {
                unsupported.add(new Unsupported("input", in.getName(), "every dimension but the batch must be fixed"));
                return List.of();
            }
            out.add(Math.toIntExact(x.getDimValue()));
        }
        return out;
    }

    private void node(NodeProto n) {
        String op = n.getOpType();
        if (n.getInputCount() == 0 || n.getOutputCount() < 1) {
            unsupported(n, "a node without inputs or outputs");
            return;
        }
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            unsupported(n, "operator domain " + n.getDomain() + " is not the standard one");
            advance(n);
            return;
        }
        // preprocessing nnc embedded: folded back into the checkpoint (its exact values are in the metadata)
        if (n.getName().startsWith("preprocess.") && meta.containsKey(OnnxExporter.META_PREPROCESSING)
                && List.of("Mul", "Sub", "Div").contains(op)) {
            advance(n);
            return;
        }
        if (!n.getInput(0).equals(current) && !op.equals("Add")) {
            unsupported(n, "it does not continue the layer chain (it reads " + n.getInput(0) + ")");
            advance(n);
            return;
        }
        if (!op.equals("Add") && consumers.getOrDefault(current, 0) >= 2
                && (forks.isEmpty() || !forks.peek().equals(current))) {
            openResidual(current);
        }
        switch (op) {
            case "Gemm" -> gemm(n);
            case "MatMul" -> matmul(n);
            case "Conv" -> conv(n);
            case "MaxPool", "AveragePool" -> pool(n);
            case "BatchNormalization" -> batchnorm(n);
            case "LayerNormalization" -> layernorm(n);
            case "Relu" -> simple(n, "relu");
            case "Sigmoid" -> simple(n, "sigmoid");
            case "Tanh" -> simple(n, "tanh");
            case "LeakyRelu" -> {
                double alpha = floatAttr(n, "alpha", 0.01f);
                simple(n, alpha == 0.01 ? "leakyRelu" : "leakyRelu(alpha = " + num(alpha) + ")");
            }
            case "Dropout" -> dropout(n);
            case "Identity" -> identity(n);
            case "Flatten" -> flatten(n);
            case "Reshape" -> reshape(n);
            case "Add" -> add(n);
            case "Softmax" -> softmax(n);
            default -> {
                unsupported(n, "");
                advance(n);
            }
        }
    }

    private void openResidual(String fork) {
        forks.push(fork);
        layers.add(new Layer("residual {", Map.of()));
    }

    private void advance(NodeProto n) {
        current = n.getOutput(0);
    }

    private void unsupported(NodeProto n, String why) {
        unsupported.add(new Unsupported(n.getOpType(), n.getName().isEmpty() ? n.getOutput(0) : n.getName(), why));
    }

    private void simple(NodeProto n, String layer) {
        layers.add(new Layer(layer, Map.of()));
        advance(n);
    }

    private void layer(NodeProto n, String text, Map<String, float[]> weights) {
        layers.add(new Layer(text, weights));
        advance(n);
    }

    private float[] weight(NodeProto n, int input) {
        if (n.getInputCount() <= input || n.getInput(input).isEmpty()) {
            return null;
        }
        TensorProto t = constants.get(n.getInput(input));
        return t == null ? null : OnnxTensors.floats(t);
    }

    private int[] weightDims(NodeProto n, int input) {
        return OnnxTensors.dims(constants.get(n.getInput(input)));
    }

    private void gemm(NodeProto n) {
        float[] w = weight(n, 1);
        if (w == null || weightDims(n, 1).length != 2) {
            unsupported(n, "its B operand must be a 2-D float initializer");
            advance(n);
            return;
        }
        if (intAttr(n, "transA", 0) != 0 || floatAttr(n, "alpha", 1f) != 1.0 || floatAttr(n, "beta", 1f) != 1.0) {
            unsupported(n, "only transA = 0, alpha = 1, beta = 1 is an affine layer");
            advance(n);
            return;
        }
        int[] d = weightDims(n, 1);
        boolean transB = intAttr(n, "transB", 0) != 0;
        int in = transB ? d[1] : d[0];
        int units = transB ? d[0] : d[1];
        if (transB) {
            w = transpose(w, d[0], d[1]);
        }
        float[] b = null;
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
            b = weight(n, 2);
            if (b == null || b.length != units) {
                unsupported(n, "its C operand must be a float initializer of " + units + " values");
                advance(n);
                return;
            }
        }
        affine(n, w, in, units, b);
    }

    private void matmul(NodeProto n) {
        float[] w = weight(n, 1);
        if (w == null || weightDims(n, 1).length != 2) {
            unsupported(n, "its second operand must be a 2-D float initializer");
            advance(n);
            return;
        }
        int[] d = weightDims(n, 1);
        // MatMul then Add of a bias vector is one affine layer
        Optional<NodeProto> add = g.getNodeList().stream().filter(m -> m.getOpType().equals("Add")
                && m.getInputList().contains(n.getOutput(0))).findFirst();
        float[] b = null;
        if (add.isPresent() && consumers.getOrDefault(n.getOutput(0), 0) == 1) {
            NodeProto a = add.get();
            int other = a.getInput(0).equals(n.getOutput(0)) ? 1 : 0;
            float[] bias = weight(a, other);
            if (bias != null && bias.length == d[1]) {
                b = bias;
                skip.add(a);
                affine(n, w, d[0], d[1], b);
                current = a.getOutput(0);
                return;
            }
        }
        affine(n, w, d[0], d[1], null);
    }

    private void affine(NodeProto n, float[] w, int in, int units, float[] b) {
        if (rank != 1) {
            // an nnc affine flattens by itself: take back the Flatten the export put in front of it
            Layer last = layers.isEmpty() ? null : layers.get(layers.size() - 1);
            if (last != null && last.text().equals("flatten") && lastFlattenWasImplicit) {
                layers.remove(layers.size() - 1);
            }
        }
        lastFlattenWasImplicit = false;
        rank = 1;
        Map<String, float[]> weights = new LinkedHashMap<>();
        weights.put("W", w);
        StringBuilder text = new StringBuilder("affine(").append(units);
        String init = initArg(n);
        if (init != null) {
            text.append(", init = ").append(init);
        }
        if (b != null) {
            weights.put("b", b);
        } else {
            text.append(", bias = false");
        }
        layer(n, text.append(')').toString(), weights);
    }

    private boolean lastFlattenWasImplicit;

    private String initArg(NodeProto n) {
        JsonElement a = layerArgs.get(n.getName());
        if (a != null && a.isJsonObject() && a.getAsJsonObject().has("init")) {
            return a.getAsJsonObject().get("init").getAsString();
        }
        return null;
    }

    private void conv(NodeProto n) {
        float[] w = weight(n, 1);
        int[] d = w == null ? null : weightDims(n, 1);
        if (w == null || d.length != 4 || d[2] != d[3]) {
            unsupported(n, "its weight must be a float initializer of shape (F, C, K, K)");
            advance(n);
            return;
        }
        int k = d[2];
        int[] kernel = intsAttr(n, "kernel_shape", new int[] {k, k});
        int[] strides = intsAttr(n, "strides", new int[] {1, 1});
        int[] pads = intsAttr(n, "pads", new int[] {0, 0, 0, 0});
        int[] dilations = intsAttr(n, "dilations", new int[] {1, 1});
        String autoPad = stringAttr(n, "auto_pad", "NOTSET");
        if (kernel.length != 2 || kernel[0] != k || kernel[1] != k || strides.length != 2 || strides[0] != strides[1]
                || pads.length != 4 || pads[0] != pads[1] || pads[0] != pads[2] || pads[0] != pads[3]
                || dilations[0] != 1 || dilations[1] != 1 || intAttr(n, "group", 1) != 1
                || !autoPad.equals("NOTSET")) {
            unsupported(n, "nnc's conv takes square kernels, equal strides, equal padding on every side, "
                    + "no dilation and no groups");
            advance(n);
            return;
        }
        float[] b = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? weight(n, 2) : new float[d[0]];
        if (b == null || b.length != d[0]) {
            unsupported(n, "its bias must be a float initializer of " + d[0] + " values");
            advance(n);
            return;
        }
        StringBuilder text = new StringBuilder("conv(").append(d[0]).append(", ").append(k);
        if (strides[0] != 1) {
            text.append(", stride = ").append(strides[0]);
        }
        if (pads[0] != 0) {
            text.append(", pad = ").append(pads[0]);
        }
        String init = initArg(n);
        if (init != null) {
            text.append(", init = ").append(init);
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        weights.put("W", w);
        weights.put("b", b);
        layer(n, text.append(')').toString(), weights);
    }

    private void pool(NodeProto n) {
        int[] kernel = intsAttr(n, "kernel_shape", new int[0]);
        int[] strides = intsAttr(n, "strides", new int[] {1, 1});
        int[] pads = intsAttr(n, "pads", new int[] {0, 0, 0, 0});
        int[] dilations = intsAttr(n, "dilations", new int[] {1, 1});
        boolean ok = kernel.length == 2 && kernel[0] == kernel[1] && strides.length == 2 && strides[0] == strides[1]
                && java.util.Arrays.stream(pads).allMatch(p -> p == 0) && dilations[0] == 1 && dilations[1] == 1
                && intAttr(n, "ceil_mode", 0) == 0 && stringAttr(n, "auto_pad", "NOTSET").equals("NOTSET")
                && n.getOutputCount() == 1;
        if (!ok) {
            unsupported(n, "nnc pools square windows with equal strides, no padding, no dilation, floor mode");
            advance(n);
            return;
        }
        String layer = n.getOpType().equals("MaxPool") ? "maxpool" : "avgpool";
        simple(n, layer + "(" + kernel[0] + (strides[0] == kernel[0] ? "" : ", stride = " + strides[0]) + ")");
    }

    private void batchnorm(NodeProto n) {
        float[] gamma = weight(n, 1);
        float[] beta = weight(n, 2);
        float[] mean = weight(n, 3);
        float[] var = weight(n, 4);
        if (gamma == null || beta == null || mean == null || var == null || intAttr(n, "training_mode", 0) != 0) {
            unsupported(n, "scale, bias, mean and variance must be float initializers (inference mode)");
            advance(n);
            return;
        }
        double eps = floatAttr(n, "epsilon", 1e-5f);
        double momentum = floatAttr(n, "momentum", 0.9f);
        List<String> args = new ArrayList<>();
        if (momentum != 0.9) {
            args.add("momentum = " + num(momentum));
        }
        if (eps != 1e-5) {
            args.add("eps = " + num(eps));
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        weights.put("gamma", gamma);
        weights.put("beta", beta);
        weights.put("running_mean", mean);
        weights.put("running_var", var);
        layer(n, args.isEmpty() ? "batchnorm" : "batchnorm(" + String.join(", ", args) + ")", weights);
    }

    private void layernorm(NodeProto n) {
        float[] gamma = weight(n, 1);
        float[] beta = n.getInputCount() > 2 ? weight(n, 2) : null;
        long axis = intAttr(n, "axis", -1);
        if (gamma == null || beta == null || !(axis == 1 || (axis == -1 && rank == 1))) {
            unsupported(n, "nnc normalizes over every axis but the batch (axis 1), with scale and bias initializers");
            advance(n);
            return;
        }
        double eps = floatAttr(n, "epsilon", 1e-5f);
        Map<String, float[]> weights = new LinkedHashMap<>();
        weights.put("gamma", gamma);
        weights.put("beta", beta);
        layer(n, eps == 1e-5 ? "layernorm" : "layernorm(eps = " + num(eps) + ")", weights);
    }

    private void dropout(NodeProto n) {
        double p = 0.5;
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            float[] r = weight(n, 1);
            if (r == null || r.length != 1) {
                unsupported(n, "its ratio must be a float constant");
                advance(n);
                return;
            }
            p = Double.parseDouble(Float.toString(r[0]));
        }
        simple(n, p == 0.5 ? "dropout" : "dropout(" + num(p) + ")");
    }

    private void identity(NodeProto n) {
        String out = n.getOutput(0);
        boolean isOutput = g.getOutputCount() == 1 && g.getOutput(0).getName().equals(out);
        if (consumers.getOrDefault(out, 0) >= 2 && !isOutput) {
            openResidual(out); // nnc's branch node
            advance(n);
        } else if (isOutput && out.equals("scores")) {
            JsonElement a = layerArgs.get(n.getName());
            double margin = a != null && a.isJsonObject() && a.getAsJsonObject().has("margin")
                    ? a.getAsJsonObject().get("margin").getAsDouble() : 1.0;
            simple(n, margin == 1.0 ? "svm" : "svm(margin = " + num(margin) + ")");
        } else if (isOutput && out.equals("prediction")) {
            simple(n, "mse");
        } else {
            simple(n, "identity");
        }
    }

    private void flatten(NodeProto n) {
        if (intAttr(n, "axis", 1) != 1) {
            unsupported(n, "only Flatten with axis 1 (keep the batch) is a flatten layer");
            advance(n);
            return;
        }
        boolean implicit = n.getName().endsWith(OnnxExporter.AFFINE_FLATTEN);
        simple(n, "flatten");
        lastFlattenWasImplicit = implicit;
        if (!implicit) {
            rank = 1;
        }
    }

    /** Reshape to (N, D): PyTorch's {@code x.view(x.size(0), -1)}. */
    private void reshape(NodeProto n) {
        TensorProto shape = n.getInputCount() > 1 ? constants.get(n.getInput(1)) : null;
        long[] s = shape == null ? null : OnnxTensors.longs(shape);
        if (s == null || s.length != 2 || !(s[0] == 0 || s[0] == -1 || s[1] == -1)) {
            unsupported(n, "only a Reshape to 2-D (batch, features) with a constant shape is a flatten layer");
            advance(n);
            return;
        }
        simple(n, "flatten");
        rank = 1;
    }

    private void add(NodeProto n) {
        if (n.getInputCount() == 2 && !forks.isEmpty()) {
            String fork = forks.peek();
            String a = n.getInput(0);
            String b = n.getInput(1);
            if ((a.equals(fork) && b.equals(current)) || (b.equals(fork) && a.equals(current))) {
                forks.pop();
                layers.add(new Layer("}", Map.of()));
                advance(n);
                return;
            }
        }
        unsupported(n, "only the Add that closes a residual block (x + f(x)) is supported");
        advance(n);
    }

    private void softmax(NodeProto n) {
        long axis = intAttr(n, "axis", -1);
        boolean last = g.getOutputCount() == 1 && g.getOutput(0).getName().equals(n.getOutput(0));
        if (!last || rank != 1 || !(axis == -1 || axis == 1)) {
            unsupported(n, "nnc's softmax is the last layer, over the class scores of a (N, K) tensor");
            advance(n);
            return;
        }
        simple(n, "softmax");
    }

    // ---- attributes

    private static Optional<AttributeProto> attr(NodeProto n, String name) {
        return n.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    private static long intAttr(NodeProto n, String name, long dflt) {
        return attr(n, name).map(AttributeProto::getI).orElse(dflt);
    }

    /** A float attribute as the shortest decimal that rounds to it, so 1e-5f reads as 1e-5. */
    private static double floatAttr(NodeProto n, String name, float dflt) {
        float f = attr(n, name).map(AttributeProto::getF).orElse(dflt);
        return Double.parseDouble(Float.toString(f));
    }

    private static int[] intsAttr(NodeProto n, String name, int[] dflt) {
        return attr(n, name).map(a -> a.getIntsList().stream().mapToInt(Long::intValue).toArray()).orElse(dflt);
    }

    private static String stringAttr(NodeProto n, String name, String dflt) {
        return attr(n, name).map(a -> a.getS().toStringUtf8()).orElse(dflt);
    }

    static String num(double v) {
        return Double.toString(v);
    }

    private static float[] transpose(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = w[i * cols + j];
            }
        }
        return t;
    }
}
