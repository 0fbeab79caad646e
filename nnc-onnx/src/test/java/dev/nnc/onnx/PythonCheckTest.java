package dev.nnc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.Model;
import dev.nnc.data.Dataset;
import dev.nnc.api.Nnc;
import dev.nnc.graph.LayerGraph;
import dev.nnc.tensor.Rng;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported file passes {@code onnx.checker.check_model(full_check=True)} and ONNX Runtime for Python
 * gives nnc's outputs, when {@code python3} has the onnx and onnxruntime packages (.ci/run installs them);
 * otherwise skipped with a message. ONNX Runtime for Java is the required check (the other tests).
 */
class PythonCheckTest {

    @TempDir
    Path dir;

    static final String CNN = """
            model PyCheck {
                input(1, 10, 10)
                conv(4, 3, pad = 1) - batchnorm - relu - maxpool(2)
                residual { conv(4, 3, pad = 1) - layernorm - leakyRelu }
                avgpool(5) - dropout(0.2) - affine(6) - batchnorm - tanh - affine(3) - softmax
            }
            """;

    static final String SCRIPT = """
            import sys
            import numpy as np
            import onnx
            import onnxruntime as ort
            path, xs, ys, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
            model = onnx.load(path)
            onnx.checker.check_model(model, full_check=True)
            meta = {p.key: p.value for p in model.metadata_props}
            session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
            x = np.fromfile(xs, dtype="<f4").reshape(n, 1, 10, 10)
            expected = np.fromfile(ys, dtype="<f4").reshape(n, -1)
            got = session.run(["probabilities"], {"input": x})[0]
            err = float(np.max(np.abs(got - expected)))
            ok = bool(np.all(np.abs(got - expected) <= 1e-4 + 1e-3 * np.abs(expected)))
            print("checker ok; model %s; max abs error %.3g; %s" % (meta["model_name"], err, "ok" if ok else "FAILED"))
            sys.exit(0 if ok else 1)
            """;

    @Test
    void onnxCheckerAndOnnxRuntimeForPythonAgree() throws Exception {
        assumeTrue(pythonHasOnnx(), "python3 with the onnx and onnxruntime packages is not available; "
                + "skipping the Python check (pip install onnx onnxruntime to run it)");
        LayerGraph graph = Nnc.compileString("pycheck.nn", CNN, CompileOptions.defaults()).orThrow().graph();
        Model model = Model.create(graph);
        RoundTripTest.perturb(model, 21);
        Path onnx = dir.resolve("pycheck.onnx");
        OnnxExport.export(model, onnx, OnnxExport.Options.defaults());

        int n = 20;
        Rng rng = new Rng(5);
        float[] x = new float[n * 100];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (2 * rng.nextDouble() - 1);
        }
        float[] y = model.outputs(Dataset.ofFloats("x", model.graph().inputShape(), x, null, null, 0));
        Path xs = write(dir.resolve("x.f32"), x);
        Path ys = write(dir.resolve("y.f32"), y);
        Path script = dir.resolve("check.py");
        Files.writeString(script, SCRIPT);
        Process p = new ProcessBuilder("python3", script.toString(), onnx.toString(), xs.toString(), ys.toString(),
                Integer.toString(n)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("checker ok; model PyCheck;"), output);
    }

    private static Path write(Path file, float[] values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return Files.write(file, b.array());
    }

    static boolean pythonHasOnnx() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import onnx, onnxruntime, numpy")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
