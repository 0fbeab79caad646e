package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.ops.Parameter;
import dev.nnc.graph.ParamRole;
import dev.nnc.tensor.Precision;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint is readable from Python with nothing but json and numpy. Skipped when python3 with numpy is
 * not installed.
 */
class SafeTensorsPythonTest {

    /** Prints, per tensor, its name, dtype, shape and sum over i of (i + 1) * x[i], in header order. */
    private static final String SCRIPT = String.join("\n",
            "import json, struct, sys, math",
            "import numpy as np",
            "raw = open(sys.argv[1], 'rb').read()",
            "(n,) = struct.unpack('<Q', raw[:8])",
            "header = json.loads(raw[8:8 + n].decode('utf-8'))",
            "data = raw[8 + n:]",
            "types = {'F32': '<f4', 'F64': '<f8', 'I64': '<i8'}",
            "print('model', json.loads(json.dumps(header['__metadata__']))['model'])",
            "for name, e in header.items():",
            "    if name == '__metadata__':",
            "        continue",
            "    b, end = e['data_offsets']",
            "    x = np.frombuffer(data[b:end], dtype=types[e['dtype']]).reshape(e['shape'])",
            "    flat = x.astype(np.float64).ravel()",
            "    check = math.fsum(float(v) * (i + 1) for i, v in enumerate(flat))",
            "    print(name, e['dtype'], 'x'.join(map(str, x.shape)), repr(check))",
            "");

    @TempDir
    Path dir;

    private static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The same checksum in Java; exact sums of products because every value is a short binary fraction. */
    private static String line(Parameter p, String dtype, String shape) {
        double check = 0;
        for (int i = 0; i < p.value().size(); i++) {
            check += p.value().get(i) * (i + 1);
        }
        return p.name() + " " + dtype + " " + shape + " " + check;
    }

    @Test
    void numpyReadsTheCheckpoint() throws IOException, InterruptedException {
        assumeTrue(pythonWithNumpy(), "python3 with numpy is not available");
        Parameter w = OptimizerTestSupport.param("affine_1.W", ParamRole.WEIGHT, Precision.FLOAT32,
                new double[] {0.5, -1.25, 3.0, 0.125, -2.0, 7.75}, 2, 3);
        Parameter b = OptimizerTestSupport.param("affine_1.b", ParamRole.BIAS, Precision.FLOAT64,
                new double[] {1.5, -0.0625, 1024.0}, 3);
        Path file = dir.resolve("model.safetensors");
        Checkpoint.save(file, new CheckpointMeta("mlp", "h", "{}", 1, 5, 0.5), List.of(w, b), null);

        Process python = new ProcessBuilder("python3", "-c", SCRIPT, file.toString()).redirectErrorStream(true).start();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(python.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, python.exitValue(), out);
        assertEquals(String.join("\n", "model mlp", line(w, "F32", "2x3"), line(b, "F64", "3"), ""), out);
    }
}
