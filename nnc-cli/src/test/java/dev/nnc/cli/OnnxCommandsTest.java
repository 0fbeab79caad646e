package dev.nnc.cli;

import static dev.nnc.cli.TrainFixtures.args;
import static dev.nnc.cli.TrainFixtures.assertCleanFailure;
import static dev.nnc.cli.TrainFixtures.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nnc export}, {@code nnc import} and {@code nnc compile --target onnx}. */
class OnnxCommandsTest {

    @TempDir
    static Path dir;

    static Path mlp;
    static Path weights;

    @BeforeAll
    static void trainOnce() throws IOException {
        mlp = Cli.write(dir, "mlp.nn", TrainFixtures.MLP);
        Path run = dir.resolve("run");
        Cli.Run r = Cli.run(concat(args("train", mlp.toString(), TrainFixtures.quick(1, 3)), "--out", run.toString()));
        assertEquals(0, r.exit(), r.err());
        weights = run.resolve("last.safetensors");
    }

    @Test
    void exportVerifiesThenImportPredictsExactlyAsTheOriginal() throws IOException {
        Path onnx = dir.resolve("mlp.onnx");
        Cli.Run e = Cli.run("export", mlp.toString(), "--weights", weights.toString(), "--format", "onnx", "-o",
                onnx.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.out().matches("(?s)verified in ONNX Runtime: 64 seeded \\+ 256 test examples: max abs error "
                + "\\S+, max rel error \\S+, same top class 320/320 .*: ok\nwrote .*mlp.onnx \\([0-9,]+ bytes, "
                + "ONNX opset 17, IR 8\\)\n"), e.out());

        Path nn = dir.resolve("imported/mlp.nn");
        Cli.Run i = Cli.run("import", onnx.toString(), "-o", nn.toString());
        assertEquals(0, i.exit(), i.err());
        assertTrue(i.out().startsWith("wrote " + nn + " (model Mlp, "), i.out());
        Path back = dir.resolve("imported/mlp.safetensors");
        assertTrue(Files.exists(back));
        assertTrue(Files.readString(nn).contains("    flatten\n    affine(32)\n    relu\n    affine(10)\n    softmax\n"),
                Files.readString(nn));

        Path images = idx(5);
        Cli.Run original = Cli.run("predict", mlp.toString(), "--weights", weights.toString(), images.toString());
        Cli.Run imported = Cli.run("predict", nn.toString(), "--weights", back.toString(), images.toString());
        assertEquals(0, imported.exit(), imported.err());
        assertEquals(5, original.out().lines().count(), original.out());
        assertEquals(original.out(), imported.out());
    }

    @Test
    void noVerifySkipsOnnxRuntime() {
        Path onnx = dir.resolve("fast.onnx");
        Cli.Run e = Cli.run("export", mlp.toString(), "--weights", weights.toString(), "--no-verify", "-o",
                onnx.toString());
        assertEquals(0, e.exit(), e.err());
        assertFalse(e.out().contains("verified"), e.out());
        assertTrue(Files.exists(onnx));
    }

    @Test
    void withoutTheFileTheCheckpointCarriesTheModel() throws IOException {
        Path fromFile = dir.resolve("from-file.onnx");
        Path fromCheckpoint = dir.resolve("from-checkpoint.onnx");
        Cli.Run a = Cli.run("export", mlp.toString(), "--weights", weights.toString(), "--no-verify", "-o",
                fromFile.toString());
        Cli.Run b = Cli.run("export", "--weights", weights.toString(), "--no-verify", "-o", fromCheckpoint.toString());
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        assertArrayEquals(Files.readAllBytes(fromFile), Files.readAllBytes(fromCheckpoint));
    }

    @Test
    void badFormatOrTargetIsAUsageError() {
        Cli.Run e = Cli.run("export", mlp.toString(), "--weights", weights.toString(), "--format", "tflite");
        assertEquals(ExitCodes.USAGE, e.exit(), e.err());
        assertTrue(e.err().contains("--format must be onnx, not 'tflite'"), e.err());
        Cli.Run c = Cli.run("compile", mlp.toString(), "--target", "coreml");
        assertEquals(ExitCodes.USAGE, c.exit(), c.err());
    }

    @Test
    void aCheckpointOfAnotherModelIsACleanFailure() throws IOException {
        Path other = Cli.write(dir, "other.nn", TrainFixtures.MLP.replace("width: Int = 32", "width: Int = 16"));
        Cli.Run e = Cli.run("export", other.toString(), "--weights", weights.toString(), "-o",
                dir.resolve("x.onnx").toString());
        assertCleanFailure(e, weights.toString());
        assertFalse(Files.exists(dir.resolve("x.onnx")));
    }

    @Test
    void compileTargetOnnxReportsAtTheLine() throws IOException {
        Cli.Run ok = Cli.run("compile", mlp.toString(), "--target", "onnx");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("", ok.err());
        Path f64 = Cli.write(dir, "f64.nn", TrainFixtures.MLP.replace("seed = 7", "seed = 7\n        precision = float64"));
        Cli.Run w = Cli.run("compile", f64.toString(), "--target", "onnx");
        assertEquals(0, w.exit(), w.err());
        assertTrue(w.err().startsWith(f64 + ":10:9: warning: the model trains in float64, but ONNX export writes "
                + "float32 weights (rounded)"), w.err());
        Cli.Run set = Cli.run("compile", mlp.toString(), "--target", "onnx", "--set", "precision=float64");
        assertTrue(set.err().startsWith("--set precision:1:1: warning: the model trains in float64"), set.err());
        Cli.Run plain = Cli.run("compile", f64.toString());
        assertEquals("", plain.err());
    }

    @Test
    void importListsEveryUnsupportedNodeAndWritesNothing() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(vector("x", 4)).addOutput(vector("y", 4));
        g.addNode(NodeProto.newBuilder().setOpType("Erf").setName("erf_1").addInput("x").addOutput("e"));
        g.addNode(NodeProto.newBuilder().setOpType("Relu").setName("relu_1").addInput("e").addOutput("r"));
        g.addNode(NodeProto.newBuilder().setOpType("Mish").setName("mish_1").addInput("r").addOutput("y"));
        Path onnx = dir.resolve("odd.onnx");
        Files.write(onnx, ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build().toByteArray());
        Cli.Run r = Cli.run("import", onnx.toString(), "-o", dir.resolve("odd.nn").toString());
        assertCleanFailure(r, onnx + ": error: unsupported Erf node 'erf_1'\n",
                onnx + ": error: unsupported Mish node 'mish_1'\n", "nnc: 2 unsupported nodes; nothing written");
        assertFalse(Files.exists(dir.resolve("odd.nn")));
        assertFalse(Files.exists(dir.resolve("odd.safetensors")));
    }

    private static ValueInfoProto vector(String name, int d) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(
                        TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
                                .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d))))).build();
    }

    /** An IDX3 file of {@code n} 28x28 images of bars and stripes. */
    private static Path idx(int n) throws IOException {
        Path p = dir.resolve("images.idx3-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(p))) {
            out.writeInt(0x00000803);
            out.writeInt(n);
            out.writeInt(28);
            out.writeInt(28);
            for (int i = 0; i < n; i++) {
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        out.writeByte((x * (i + 3) + y * 17 * i) % 256 > 128 ? 200 : 0);
                    }
                }
            }
        }
        return p;
    }
}
