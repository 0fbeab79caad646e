package dev.nnc.onnx;

import com.google.protobuf.ByteString;
import dev.nnc.tensor.Rng;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * Writes ONNX graphs the way other tools do (PyTorch's Linear as Gemm with transB = 1, weights as float_data,
 * seeded random values), for the import tests. Each {@code node} call chains onto the previous output.
 */
final class GraphBuilder {

    private final GraphProto.Builder g = GraphProto.newBuilder().setName("torch_jit");
    private final Rng rng;
    private int counter;

    GraphBuilder(long seed, long... inputDims) {
        rng = new Rng(seed);
        g.addInput(value("input", inputDims));
    }

    /** A float initializer of seeded values in [lo, hi). */
    String init(String name, float lo, float hi, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        long n = 1;
        for (long d : dims) {
            t.addDims(d);
            n *= d;
        }
        for (long i = 0; i < n; i++) {
            t.addFloatData((float) (lo + (hi - lo) * rng.nextDouble()));
        }
        g.addInitializer(t);
        return name;
    }

    /** An int64 initializer stored as raw little-endian bytes (as PyTorch writes Reshape shapes). */
    String longs(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        g.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length).setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** Adds a node reading {@code inputs}; its name is {@code /op_k} in PyTorch's style, its output the same. */
    String node(String op, AttributeProto[] attrs, String... inputs) {
        String name = "/" + op + "_" + counter++;
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(name + "_output_0");
        for (String in : inputs) {
            n.addInput(in);
        }
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        g.addNode(n);
        return name + "_output_0";
    }

    String node(String op, String... inputs) {
        return node(op, new AttributeProto[0], inputs);
    }

    static AttributeProto[] attrs(AttributeProto... a) {
        return a;
    }

    static AttributeProto ints(String name, int... v) {
        return OnnxExporter.ints(name, v);
    }

    static AttributeProto i(String name, int v) {
        return OnnxExporter.intAttr(name, v);
    }

    static AttributeProto f(String name, double v) {
        return OnnxExporter.floatAttr(name, v);
    }

    /** The model with {@code output} as the graph output named as given (an Identity renames it). */
    ModelProto build(String output, String outputName, long... outputDims) {
        g.addNode(NodeProto.newBuilder().setOpType("Identity").setName("/output").addInput(output)
                .addOutput(outputName));
        g.addOutput(value(outputName, outputDims));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("pytorch").setProducerVersion("2.5.1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(g).build();
    }

    /** The model whose last node writes the graph output itself. */
    ModelProto buildEndingIn(String output, long... outputDims) {
        g.addOutput(value(output, outputDims));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("pytorch").setProducerVersion("2.5.1")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).setGraph(g).build();
    }

    /** A float tensor type; dimension -1 is the free batch dimension "N". */
    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }
}
