package dev.nnc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.nnc.api.CompileOptions;
import dev.nnc.api.Model;
import dev.nnc.api.Nnc;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.graph.LayerArgs;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The verification catches a wrong export, and exportability is reported at the layer's line. */
class VerificationTest {

    @TempDir
    Path dir;

    static final String MLP = """
            model Small {
                input(6)
                affine(5) - batchnorm - relu - affine(3) - softmax
            }
            """;

    private static Model model() {
        LayerGraph g = Nnc.compileString("small.nn", MLP, CompileOptions.defaults()).orThrow().graph();
        Model m = Model.create(g);
        RoundTripTest.perturb(m, 11);
        return m;
    }

    @Test
    void aCorrectExportPassesAndAWrongWeightFails() throws Exception {
        Model m = model();
        byte[] good = OnnxExport.toBytes(m);
        Verification ok = OnnxVerifier.verify(good, m, 50, 0, 1);
        assertTrue(ok.passed(), ok.describe());
        assertTrue(ok.maxAbsError() < 1e-5, ok.describe());

        // one running variance off by a little: the outputs differ beyond the tolerance
        ModelProto.Builder p = ModelProto.parseFrom(good).toBuilder();
        List<TensorProto> inits = new ArrayList<>(p.getGraph().getInitializerList());
        for (int k = 0; k < inits.size(); k++) {
            if (inits.get(k).getName().equals("batchnorm_1.running_var")) {
                ByteBuffer b = inits.get(k).getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                ByteBuffer c = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                c.putFloat(b.getFloat() * 1.5f);
                while (b.hasRemaining()) {
                    c.putFloat(b.getFloat());
                }
                inits.set(k, inits.get(k).toBuilder().setRawData(ByteString.copyFrom(c.array())).build());
            }
        }
        p.getGraphBuilder().clearInitializer().addAllInitializer(inits);
        Verification bad = OnnxVerifier.verify(p.build().toByteArray(), m, 50, 0, 1);
        assertFalse(bad.passed(), bad.describe());
        assertTrue(bad.describe().endsWith("FAILED"), bad.describe());
    }

    @Test
    void exportWritesTheFileOnlyAfterVerifying() throws Exception {
        Model m = model();
        Path out = dir.resolve("sub/small.onnx");
        OnnxExport.Result r = OnnxExport.export(m, out, OnnxExport.Options.defaults());
        assertEquals(Files.size(out), r.bytes());
        ModelProto p = ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals(8, p.getIrVersion());
        assertEquals(17, p.getOpsetImport(0).getVersion());
        assertEquals("input", p.getGraph().getInput(0).getName());
        assertEquals("N", p.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertEquals("probabilities", p.getGraph().getOutput(0).getName());
        assertEquals(List.of("model_name", "graph_hash", "nnc_version", "class_names", "input_layout", "loss"),
                p.getMetadataPropsList().stream().map(e -> e.getKey()).toList());
        assertEquals("NC 6", p.getMetadataProps(4).getValue());
        assertEquals("[\"0\",\"1\",\"2\"]", p.getMetadataProps(3).getValue());

        Path skipped = dir.resolve("noverify.onnx");
        assertTrue(OnnxExport.export(m, skipped, OnnxExport.Options.defaults().withoutVerification())
                .verification().isEmpty());
        assertTrue(Files.exists(skipped));
    }

    @Test
    void unmappedLayersAreErrorsAtTheirLineAndFloat64AWarning() {
        LayerGraph g = Nnc.compileString("small.nn", MLP, CompileOptions.defaults()).orThrow().graph();
        assertEquals(List.of(), Exportability.check(g));
        // a layer nothing maps (as a future operator would be), placed on line 3
        List<Node> nodes = new ArrayList<>(g.nodes().subList(0, 2));
        SourceSpan at = new SourceSpan("small.nn", 3, 9, 3, 20);
        nodes.add(new Node(2, "fancy_1", "fancy", LayerArgs.empty(), List.of(1), Shape.of(5), List.of(), at));
        LayerGraph odd = new LayerGraph("Odd", nodes, g.train());
        List<Diagnostic> d = Exportability.check(odd);
        assertEquals(1, d.size());
        assertTrue(d.get(0).isError());
        assertEquals(at, d.get(0).span());
        assertEquals("layer 'fancy' (fancy_1) has no ONNX mapping and cannot be exported", d.get(0).message());
        OnnxException e = assertThrows(OnnxException.class, () -> OnnxExporter.build(odd, List.of(),
                java.util.Optional.empty()));
        assertTrue(e.getMessage().contains("fancy_1"), e.getMessage());

        String f64 = MLP.replace("softmax\n", "softmax\n    train { precision = float64 }\n");
        LayerGraph g64 = Nnc.compileString("small.nn", f64, CompileOptions.defaults()).orThrow().graph();
        List<Diagnostic> w = Exportability.check(g64);
        assertEquals(1, w.size());
        assertFalse(w.get(0).isError());
        assertTrue(w.get(0).message().contains("float64"), w.get(0).message());
    }
}
