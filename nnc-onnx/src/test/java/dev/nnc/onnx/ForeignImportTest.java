package dev.nnc.onnx;

import static dev.nnc.onnx.GraphBuilder.attrs;
import static dev.nnc.onnx.GraphBuilder.f;
import static dev.nnc.onnx.GraphBuilder.i;
import static dev.nnc.onnx.GraphBuilder.ints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.nnc.api.ClassNames;
import dev.nnc.api.Model;
import dev.nnc.api.Prediction;
import dev.nnc.data.Dataset;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import dev.nnc.tensor.Rng;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ONNX models written the way PyTorch writes them (not by nnc) import, and nnc's predictions on the imported
 * .nn and .safetensors agree with ONNX Runtime's on the same inputs: the same top class for every input, and
 * the same scores within the export tolerance.
 */
class ForeignImportTest {

    @TempDir
    Path dir;

    /** nn.Sequential(Flatten, Linear(784, 32), ReLU, Residual(Linear(32, 32), ReLU), Linear(32, 10)). */
    static ModelProto torchMlp() {
        GraphBuilder b = new GraphBuilder(1, -1, 1, 28, 28);
        String x = b.node("Flatten", attrs(i("axis", 1)), "input");
        x = b.node("Gemm", attrs(f("alpha", 1), f("beta", 1), i("transB", 1)), x,
                b.init("fc1.weight", -0.05f, 0.05f, 32, 784), b.init("fc1.bias", -0.1f, 0.1f, 32));
        String r = b.node("Relu", x);
        x = b.node("Gemm", attrs(i("transB", 1)), r, b.init("res.fc.weight", -0.3f, 0.3f, 32, 32),
                b.init("res.fc.bias", -0.1f, 0.1f, 32));
        x = b.node("Relu", x);
        x = b.node("Add", r, x);
        x = b.node("Gemm", attrs(i("transB", 1)), x, b.init("fc2.weight", -0.3f, 0.3f, 10, 32),
                b.init("fc2.bias", -0.1f, 0.1f, 10));
        return b.buildEndingIn(x, -1, 10);
    }

    /** Conv-BN-ReLU-MaxPool, Conv-LeakyReLU-AvgPool, x.view(N, -1), Linear: a small CNN over 12x12 images. */
    static ModelProto torchCnn() {
        GraphBuilder b = new GraphBuilder(2, -1, 1, 12, 12);
        String x = b.node("Conv", attrs(ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1), ints("strides", 1, 1),
                ints("dilations", 1, 1), i("group", 1)), "input", b.init("conv1.weight", -0.5f, 0.5f, 4, 1, 3, 3),
                b.init("conv1.bias", -0.1f, 0.1f, 4));
        x = b.node("BatchNormalization", attrs(f("epsilon", 1e-5), f("momentum", 0.9)), x,
                b.init("bn1.weight", 0.5f, 1.5f, 4), b.init("bn1.bias", -0.2f, 0.2f, 4),
                b.init("bn1.running_mean", -0.1f, 0.1f, 4), b.init("bn1.running_var", 0.5f, 2f, 4));
        x = b.node("Relu", x);
        x = b.node("MaxPool", attrs(ints("kernel_shape", 2, 2), ints("strides", 2, 2)), x);
        x = b.node("Conv", attrs(ints("kernel_shape", 3, 3)), x, b.init("conv2.weight", -0.3f, 0.3f, 8, 4, 3, 3),
                b.init("conv2.bias", -0.1f, 0.1f, 8));
        x = b.node("LeakyRelu", attrs(f("alpha", 0.2)), x);
        x = b.node("AveragePool", attrs(ints("kernel_shape", 2, 2), ints("strides", 2, 2)), x);
        x = b.node("Reshape", x, b.longs("shape", -1, 32));
        x = b.node("Gemm", attrs(i("transB", 1)), x, b.init("fc.weight", -0.3f, 0.3f, 5, 32),
                b.init("fc.bias", -0.1f, 0.1f, 5));
        return b.buildEndingIn(x, -1, 5);
    }

    /** The TensorFlow way: MatMul then Add of the bias, tanh, and a softmax at the end. */
    static ModelProto matmulSoftmax() {
        GraphBuilder b = new GraphBuilder(3, -1, 20);
        String x = b.node("MatMul", "input", b.init("w1", -0.5f, 0.5f, 20, 16));
        x = b.node("Add", x, b.init("b1", -0.1f, 0.1f, 16));
        x = b.node("Tanh", x);
        x = b.node("Dropout", x);
        x = b.node("MatMul", x, b.init("w2", -0.5f, 0.5f, 16, 4));
        x = b.node("Add", x, b.init("b2", -0.1f, 0.1f, 4));
        x = b.node("Sigmoid", x);
        x = b.node("Softmax", attrs(i("axis", 1)), x);
        return b.buildEndingIn(x, -1, 4);
    }

    @Test
    void pytorchMlpWithResidualPredictsAsOnnxRuntime() throws Exception {
        String nn = check(torchMlp(), "mlp", Shape.of(1, 28, 28), 10);
        assertTrue(nn.contains("    flatten\n    affine(32)\n    relu\n    residual {\n        affine(32)\n"
                + "        relu\n    }\n    affine(10)\n    svm"), nn);
    }

    @Test
    void pytorchCnnPredictsAsOnnxRuntime() throws Exception {
        String nn = check(torchCnn(), "cnn", Shape.of(1, 12, 12), 5);
        assertTrue(nn.contains("conv(4, 3, pad = 1)\n    batchnorm\n    relu\n    maxpool(2)\n    conv(8, 3)\n"
                + "    leakyRelu(alpha = 0.2)\n    avgpool(2)\n    flatten\n    affine(5)\n    svm"), nn);
    }

    @Test
    void matmulAddAndSoftmaxImport() throws Exception {
        String nn = check(matmulSoftmax(), "tf", Shape.of(20), 4);
        assertTrue(nn.contains("affine(16)\n    tanh\n    dropout\n    affine(4)\n    sigmoid\n    softmax\n"), nn);
    }

    /** Imports, predicts every input with nnc and ONNX Runtime; returns the .nn text. */
    private String check(ModelProto proto, String name, Shape shape, int classes) throws Exception {
        Path onnx = dir.resolve(name + ".onnx");
        Files.write(onnx, proto.toByteArray());
        OnnxImport.Result r = OnnxImport.importModel(onnx, dir.resolve(name + ".nn"));
        assertEquals(dir.resolve(name + ".safetensors"), r.weights());
        assertTrue(Files.exists(r.weights()) && Files.exists(r.nnFile()));
        assertEquals(Files.readString(r.nnFile()), r.source());

        int n = 40;
        Rng rng = new Rng(99);
        float[] x = new float[n * (int) shape.size()];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) rng.nextDouble();
        }
        Model model = Model.load(r.graph(), Precision.FLOAT32, r.weights());
        List<Prediction> nnc = model.predict(Dataset.ofFloats(name, shape, x, null, null, 0), classes,
                ClassNames.of(Optional.empty(), classes));
        float[] ort = runOrt(proto, x, n, shape);
        int distinct = (int) nnc.stream().mapToInt(p -> p.top().get(0).label()).distinct().count();
        assertTrue(distinct > 1, "the seeded model should not predict one class for everything");
        for (int k = 0; k < n; k++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (ort[k * classes + c] > ort[k * classes + best]) {
                    best = c;
                }
            }
            assertEquals(best, nnc.get(k).top().get(0).label(), "input " + k);
            for (Prediction.ClassScore s : nnc.get(k).top()) {
                double o = ort[k * classes + s.label()];
                assertTrue(Math.abs(o - s.probability()) <= 1e-4 + 1e-3 * Math.abs(o),
                        "input " + k + " class " + s.label() + ": nnc " + s.probability() + ", ORT " + o);
            }
        }
        return r.source();
    }

    private static float[] runOrt(ModelProto proto, float[] x, int n, Shape shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] dims = new long[shape.rank() + 1];
        dims[0] = n;
        for (int k = 0; k < shape.rank(); k++) {
            dims[k + 1] = shape.dim(k);
        }
        try (OrtSession s = env.createSession(proto.toByteArray(), new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), dims);
             OrtSession.Result out = s.run(Map.of("input", t))) {
            FloatBuffer fb = ((OnnxTensor) out.get(0)).getFloatBuffer();
            float[] v = new float[fb.remaining()];
            fb.get(v);
            return v;
        }
    }

    @Test
    void everyUnsupportedNodeIsListedAndNothingIsWritten() throws Exception {
        GraphBuilder b = new GraphBuilder(4, -1, 8);
        String x = b.node("Gemm", attrs(i("transB", 1)), "input", b.init("w", -1, 1, 6, 8));
        x = b.node("Erf", x);
        x = b.node("Gemm", attrs(i("transB", 1)), x, b.init("w2", -1, 1, 6, 6));
        x = b.node("HardSwish", x);
        Path onnx = dir.resolve("odd.onnx");
        Files.write(onnx, b.buildEndingIn(x, -1, 6).toByteArray());
        UnsupportedOnnxException e = assertThrows(UnsupportedOnnxException.class,
                () -> OnnxImport.importModel(onnx, dir.resolve("odd.nn")));
        assertEquals(List.of("Erf node '/Erf_1'", "HardSwish node '/HardSwish_3'"), e.nodes());
        assertFalse(Files.exists(dir.resolve("odd.nn")));
        assertFalse(Files.exists(dir.resolve("odd.safetensors")));
    }

    @Test
    void aFileThatIsNotOnnxIsOneClearError() throws Exception {
        Path bad = dir.resolve("bad.onnx");
        Files.writeString(bad, "this is not protobuf at all, just text\n");
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxImport.importModel(bad, dir.resolve("b.nn")));
        assertTrue(e.getMessage().startsWith(bad + " is not an ONNX model"), e.getMessage());
        assertThrows(OnnxException.class, () -> OnnxImport.importModel(dir.resolve("missing.onnx"),
                dir.resolve("m.nn")));
    }
}
