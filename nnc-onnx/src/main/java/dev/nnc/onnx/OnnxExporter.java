package dev.nnc.onnx;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import dev.nnc.api.ClassNames;
import dev.nnc.data.Normalization;
import dev.nnc.data.Preprocessing;
import dev.nnc.graph.GraphHash;
import dev.nnc.graph.Init;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamSpec;
import dev.nnc.graph.Shape;
import dev.nnc.ops.Parameter;
import dev.nnc.train.Checkpoint;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.StringStringEntryProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * A layer graph with its weights as an ONNX model (opset 17, IR 8): the op-mapping table of docs/onnx.md, one
 * method per nnc operator. ONNX node and tensor names are the nnc node names, initializers the parameter
 * names ({@code affine_1.W}), so an exported file reads like the model and imports back to the same graph.
 */
final class OnnxExporter {

    static final int OPSET = 17;
    static final int IR_VERSION = 8;
    static final String INPUT = "input";
    /** Metadata keys (docs/onnx.md). */
    static final String META_MODEL = "model_name";
    static final String META_HASH = "graph_hash";
    static final String META_VERSION = "nnc_version";
    static final String META_CLASSES = "class_names";
    static final String META_LAYOUT = "input_layout";
    static final String META_PREPROCESSING = "preprocessing";
    static final String META_LOSS = "loss";
    static final String META_LAYER_ARGS = "nnc_layer_args";
    /** Suffix of the Flatten an affine layer on an image gets (nnc's affine reads (C, H, W) as a vector). */
    static final String AFFINE_FLATTEN = ".flatten";

    private final LayerGraph graph;
    private final Map<String, Parameter> params = new LinkedHashMap<>();
    private final Optional<Preprocessing> preprocessing;
    private final GraphProto.Builder g = GraphProto.newBuilder();
    /** The ONNX tensor holding each nnc node's output. */
    private final Map<Integer, String> tensorOf = new LinkedHashMap<>();
    private final JsonObject layerArgs = new JsonObject();

    private OnnxExporter(LayerGraph graph, List<Parameter> parameters, Optional<Preprocessing> preprocessing) {
        this.graph = graph;
        parameters.forEach(p -> params.put(p.name(), p));
        this.preprocessing = preprocessing;
    }

    /** The ONNX name of the graph output: what the loss layer's inference forward gives. */
    static String outputName(LayerGraph graph) {
        return switch (graph.lossOp().orElse("")) {
            case "softmax" -> "probabilities";
            case "svm" -> "scores";
            case "mse" -> "prediction";
            default -> "output";
        };
    }

    static ModelProto build(LayerGraph graph, List<Parameter> parameters, Optional<Preprocessing> preprocessing) {
        List<String> unexportable = Exportability.check(graph).stream().filter(d -> d.isError())
                .map(d -> d.message()).toList();
        if (!unexportable.isEmpty()) {
            throw new OnnxException("model " + graph.model() + " cannot be exported to ONNX: "
                    + String.join("; ", unexportable));
        }
        return new OnnxExporter(graph, parameters, preprocessing).model();
    }

    private ModelProto model() {
        g.setName(graph.model());
        g.addInput(valueInfo(INPUT, graph.inputShape()));
        tensorOf.put(0, preprocess());
        for (Node n : graph.nodes().subList(1, graph.nodes().size())) {
            tensorOf.put(n.id(), emit(n, n.id() == graph.output().id() ? outputName(graph) : n.name()));
        }
        g.addOutput(valueInfo(outputName(graph), graph.output().shape()));
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("nnc")
                .setProducerVersion(Checkpoint.NNC_VERSION)
                .setDocString("Model " + graph.model() + " exported by nnc; see docs/onnx.md.")
                .setGraph(g);
        metadata(m);
        return m.build();
    }

    private void metadata(ModelProto.Builder m) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(META_MODEL, graph.model());
        meta.put(META_HASH, GraphHash.of(graph));
        meta.put(META_VERSION, Checkpoint.NNC_VERSION);
        if (graph.isClassifier()) {
            int classes = (int) graph.output().shape().size();
            meta.put(META_CLASSES, new Gson().toJson(ClassNames.of(graph.train().data(), classes)));
        }
        meta.put(META_LAYOUT, layout(graph.inputShape()));
        preprocessing.ifPresent(p -> meta.put(META_PREPROCESSING, p.toJson()));
        meta.put(META_LOSS, graph.lossOp().orElse("none"));
        if (layerArgs.size() > 0) {
            meta.put(META_LAYER_ARGS, new Gson().toJson(layerArgs));
        }
        meta.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
    }

    /** {@code NCHW 1x28x28} or {@code NC 784}: the axes and one example's dims; N is the batch. */
    static String layout(Shape s) {
        String axes = s.rank() == 3 ? "NCHW" : s.rank() == 1 ? "NC" : "N" + "D".repeat(s.rank());
        return axes + " " + String.join("x", s.dims().stream().map(String::valueOf).toList());
    }

    /**
     * The checkpoint's preprocessing as graph nodes on the raw input: Mul by the scale (1/255 for pixels),
     * Sub the training mean, Div by the training std, each only when it changes something.
     */
    private String preprocess() {
        if (preprocessing.isEmpty()) {
            return INPUT;
        }
        Preprocessing p = preprocessing.get();
        Shape shape = graph.inputShape();
        String x = INPUT;
        if (p.scale() != 1.0) {
            x = binary("Mul", "preprocess.scale", x, floatInit("preprocess.scale.value", new int[0],
                    new float[] {(float) p.scale()}));
        }
        if (p.normalization() != Normalization.NONE) {
            int d = (int) shape.size();
            boolean perChannel = p.normalization() == Normalization.CHANNEL;
            int[] dims = perChannel ? (shape.rank() == 3 ? new int[] {shape.dim(0), 1, 1} : new int[] {1})
                    : shape.toArray();
            float[] mean = new float[perChannel ? p.mean().length : d];
            for (int j = 0; j < mean.length; j++) {
                mean[j] = (float) (perChannel ? p.mean()[j] : p.meanOf(j));
            }
            x = binary("Sub", "preprocess.mean", x, floatInit("preprocess.mean.value", dims, mean));
            if (p.normalization() == Normalization.STANDARDIZE) {
                float[] std = new float[d];
                for (int j = 0; j < d; j++) {
                    std[j] = (float) p.stdOf(j);
                }
                x = binary("Div", "preprocess.std", x, floatInit("preprocess.std.value", dims, std));
            }
        }
        return x;
    }

    private String binary(String op, String name, String a, String b) {
        g.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addInput(a).addInput(b).addOutput(name));
        return name;
    }

    private String in(Node n, int operand) {
        return tensorOf.get(n.inputs().get(operand));
    }

    /** One nnc node as ONNX nodes; returns the tensor holding its output. */
    private String emit(Node n, String out) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(n.name()).addOutput(out);
        switch (n.op()) {
            case "affine" -> affine(n, b);
            case "conv" -> {
                b.setOpType("Conv").addInput(in(n, 0)).addInput(weight(n, "W")).addInput(weight(n, "b"));
                int k = n.args().getInt("size");
                int s = n.args().getInt("stride");
                int p = n.args().getInt("pad");
                b.addAttribute(ints("kernel_shape", k, k)).addAttribute(ints("strides", s, s))
                        .addAttribute(ints("pads", p, p, p, p));
                initArg(n);
            }
            case "maxpool", "avgpool" -> {
                int k = n.args().getInt("size");
                int s = n.args().getInt("stride");
                b.setOpType(n.op().equals("maxpool") ? "MaxPool" : "AveragePool").addInput(in(n, 0))
                        .addAttribute(ints("kernel_shape", k, k)).addAttribute(ints("strides", s, s));
            }
            case "flatten" -> b.setOpType("Flatten").addInput(in(n, 0)).addAttribute(intAttr("axis", 1));
            case "relu" -> b.setOpType("Relu").addInput(in(n, 0));
            case "sigmoid" -> b.setOpType("Sigmoid").addInput(in(n, 0));
            case "tanh" -> b.setOpType("Tanh").addInput(in(n, 0));
            case "leakyRelu" -> b.setOpType("LeakyRelu").addInput(in(n, 0))
                    .addAttribute(floatAttr("alpha", n.args().getDouble("alpha")));
            case "identity", "branch", "svm", "mse" -> b.setOpType("Identity").addInput(in(n, 0));
            case "batchnorm" -> b.setOpType("BatchNormalization").addInput(in(n, 0)).addInput(weight(n, "gamma"))
                    .addInput(weight(n, "beta")).addInput(weight(n, "running_mean")).addInput(weight(n, "running_var"))
                    .addAttribute(floatAttr("epsilon", n.args().getDouble("eps")))
                    .addAttribute(floatAttr("momentum", n.args().getDouble("momentum")));
            case "layernorm" -> {
                // ONNX normalizes over every axis from 1, as nnc does; its scale and bias take that shape.
                int[] dims = n.shape().toArray();
                b.setOpType("LayerNormalization").addInput(in(n, 0)).addInput(weight(n, "gamma", dims))
                        .addInput(weight(n, "beta", dims)).addAttribute(intAttr("axis", 1))
                        .addAttribute(floatAttr("epsilon", n.args().getDouble("eps")));
            }
            case "dropout" -> // inference: the identity; the ratio is kept so the model imports back
                b.setOpType("Dropout").addInput(in(n, 0)).addInput(floatInit(n.name() + ".ratio", new int[0],
                        new float[] {(float) n.args().getDouble("p")}));
            case "add" -> b.setOpType("Add").addInput(in(n, 0)).addInput(in(n, 1));
            case "softmax" -> b.setOpType("Softmax").addInput(in(n, 0)).addAttribute(intAttr("axis", -1));
            default -> throw new OnnxException("layer '" + n.op() + "' (" + n.name() + ") has no ONNX mapping");
        }
        if (n.op().equals("svm")) {
            JsonObject a = new JsonObject();
            a.addProperty("margin", n.args().getDouble("margin"));
            layerArgs.add(n.name(), a);
        }
        g.addNode(b);
        return out;
    }

    /** Gemm (X·W + b, transB = 0) or MatMul without a bias; an image input is flattened first. */
    private void affine(Node n, NodeProto.Builder b) {
        String x = in(n, 0);
        if (graph.nodes().get(n.inputs().get(0)).shape().rank() != 1) {
            String flat = n.name() + AFFINE_FLATTEN;
            g.addNode(NodeProto.newBuilder().setOpType("Flatten").setName(flat).addInput(x).addOutput(flat)
                    .addAttribute(intAttr("axis", 1)));
            x = flat;
        }
        if (n.args().getBoolean("bias")) {
            b.setOpType("Gemm").addInput(x).addInput(weight(n, "W")).addInput(weight(n, "b"));
        } else {
            b.setOpType("MatMul").addInput(x).addInput(weight(n, "W"));
        }
        initArg(n);
    }

    /** He is nnc's default initializer; any other is kept in metadata so the model imports back unchanged. */
    private void initArg(Node n) {
        Init init = n.args().getInit("init");
        if (!(init instanceof Init.He)) {
            JsonObject a = new JsonObject();
            a.addProperty("init", init.describe());
            layerArgs.add(n.name(), a);
        }
    }

    private String weight(Node n, String local) {
        return weight(n, local, null);
    }

    /** The parameter {@code node.local} as an initializer, with {@code dims} instead of its own shape if given. */
    private String weight(Node n, String local, int[] dims) {
        ParamSpec spec = n.params().stream().filter(p -> p.localName().equals(local)).findFirst()
                .orElseThrow(() -> new IllegalStateException(n.name() + " has no parameter " + local));
        Parameter p = params.get(spec.name());
        if (p == null) {
            throw new IllegalStateException("no value for parameter " + spec.name());
        }
        float[] v = new float[p.value().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) p.value().get(i);
        }
        return floatInit(spec.name(), dims != null ? dims : spec.shape().toArray(), v);
    }

    private String floatInit(String name, int[] dims, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : values) {
            buf.putFloat(f);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(buf.array()));
        for (int d : dims) {
            t.addDims(d);
        }
        g.addInitializer(t);
        return name;
    }

    private static ValueInfoProto valueInfo(String name, Shape shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int d : shape.dims()) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    static AttributeProto ints(String name, int... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (int v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto intAttr(String name, int value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttr(String name, double value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                .setF((float) value).build();
    }
}
