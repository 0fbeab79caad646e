package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void jsonHasOneObjectPerModelWithEveryField() throws IOException {
        Path tiny = Cli.write(dir, "tiny.nn", Cli.TINY);
        Path res = Cli.write(dir, "res.nn", Cli.RESIDUAL);
        Cli.Run r = Cli.run("bench", tiny.toString(), res.toString(), "--seconds", "0.05", "--threads", "1",
                "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        JsonObject t = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        JsonObject s = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        for (String field : List.of("model", "file", "train_examples_per_second", "infer_examples_per_second",
                "gflops", "infer_gflops", "peak_gflops", "fraction_of_peak", "kernel", "element_loops", "threads",
                "precision", "batch",
                "train_flops_per_example", "infer_flops_per_example", "alloc_bytes_per_step", "train_steps",
                "peak_heap_bytes", "peak_rss_bytes", "train_window_rates", "infer_window_rates", "cpu", "vectors")) {
            assertTrue(t.has(field), field + " missing from " + t);
        }
        assertEquals("Tiny", t.get("model").getAsString());
        assertEquals("Res", s.get("model").getAsString());
        assertEquals(1, t.get("threads").getAsInt());
        assertEquals("float32", t.get("precision").getAsString());
        assertEquals("float64", s.get("precision").getAsString(), "the train block's precision");
        assertEquals(8, t.get("batch").getAsInt());
        assertTrue(t.get("train_examples_per_second").getAsDouble() > 0, t.toString());
        assertTrue(t.get("infer_examples_per_second").getAsDouble() > 0, t.toString());
        assertTrue(t.get("train_steps").getAsLong() >= 5, "at least one step per window: " + t);
        assertEquals(5, t.getAsJsonArray("train_window_rates").size());
        // the peak is this core's, measured and printed on stderr, per precision (1 thread: one core's)
        Matcher peak = Pattern.compile("measured FMA peak: (\\d+) GFLOPS float32, (\\d+) float64").matcher(r.err());
        assertTrue(peak.find(), r.err());
        assertEquals(Long.parseLong(peak.group(1)), Math.round(t.get("peak_gflops").getAsDouble()), t.toString());
        assertEquals(Long.parseLong(peak.group(2)), Math.round(s.get("peak_gflops").getAsDouble()), s.toString());
        // forward FLOPs (compiler): affine 2*4*3 = 24, relu 3, batchnorm 4*3 = 12, affine 2*3*2 = 12, softmax 3*2 = 6
        assertEquals(57, t.get("infer_flops_per_example").getAsLong());
        // training: the first affine skips its input gradient (2x), everything after it runs 3x
        assertEquals(2 * 24 + 3 * (3 + 12 + 12 + 6), t.get("train_flops_per_example").getAsLong());
        double gflops = t.get("train_examples_per_second").getAsDouble() * 147 / 1e9;
        assertEquals(gflops, t.get("gflops").getAsDouble(), gflops * 1e-5);
    }

    @Test
    void theTableHasARowPerModelAndFlagsOverrideTheTrainBlock() throws IOException {
        Path tiny = Cli.write(dir, "tiny.nn", Cli.TINY);
        Cli.Run r = Cli.run("bench", tiny.toString(), "--seconds", "0.05", "--threads", "1", "--batch", "3",
                "--precision", "float64", "--peak-gflops", "10");
        assertEquals(0, r.exit(), r.out() + r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("model") && lines.get(0).contains("train ex/s"), r.out());
        assertTrue(lines.get(1).matches("Tiny\\s+float64\\s+1\\s+3\\s+.*"), lines.get(1));
        assertTrue(lines.get(2).contains("% peak of 10 GFLOPS (float64, 1 thread)"), lines.get(2));
        // the CPU and the vector widths the figures were taken with
        assertTrue(lines.get(3).startsWith("CPU ") && lines.get(3).contains("processor"), lines.get(3));
        assertTrue(lines.get(3).contains("JVM vectors up to ") && lines.get(3).contains("Vector-API GEMM at "),
                lines.get(3));
    }

    @Test
    void verboseBreaksTheStepDownByOperator() throws IOException {
        Path tiny = Cli.write(dir, "tiny.nn", Cli.TINY);
        Cli.Run r = Cli.run("bench", tiny.toString(), "--seconds", "0.05", "--threads", "1", "--verbose");
        assertEquals(0, r.exit(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("Per operator"), out);
        assertTrue(out.contains("Tiny (") && out.contains("ms per training step"), out);
        // one row per node of the model (affine - relu - batchnorm - affine - softmax), then the rest
        for (String op : List.of("affine", "relu", "batchnorm", "softmax")) {
            assertTrue(out.lines().anyMatch(l -> l.matches("\\s+\\S+\\s+" + op + "\\s+[0-9.]+\\s+[0-9.]+\\s+[0-9.]+%")),
                    op + " row missing: " + out);
        }
        assertTrue(out.contains("(rest)"), out);
    }

    @Test
    void aModelWithoutLossIsMeasuredForInferenceOnly() throws IOException {
        Path f = Cli.write(dir, "infer.nn", "model Feat {\n    input(4)\n    affine(3) - relu\n}\n");
        Cli.Run r = Cli.run("bench", f.toString(), "--seconds", "0.02", "--threads", "1", "--json");
        assertEquals(0, r.exit(), r.out() + r.err());
        JsonObject o = JsonParser.parseString(r.out().trim()).getAsJsonObject();
        assertTrue(o.get("train_examples_per_second").isJsonNull(), o.toString());
        assertTrue(o.get("infer_examples_per_second").getAsDouble() > 0, o.toString());
    }

    @Test
    void errorsAreReportedWithoutAStackTrace() throws IOException {
        Path bad = Cli.write(dir, "bad.nn", Cli.BAD);
        Cli.Run compileError = Cli.run("bench", bad.toString(), "--seconds", "0.01");
        assertEquals(ExitCodes.FAILED, compileError.exit());
        assertTrue(compileError.err().contains("unknown layer 'batchnrom'"), compileError.err());

        Path tiny = Cli.write(dir, "tiny.nn", Cli.TINY);
        Cli.Run badPrecision = Cli.run("bench", tiny.toString(), "--precision", "float16");
        assertEquals(ExitCodes.USAGE, badPrecision.exit());
        assertTrue(badPrecision.err().contains("--precision must be float32 or float64, got 'float16'"),
                badPrecision.err());
        Cli.Run badThreads = Cli.run("bench", tiny.toString(), "--threads", "0");
        assertEquals(ExitCodes.USAGE, badThreads.exit());
        assertTrue(badThreads.err().contains("--threads must be in 1..256, got 0"), badThreads.err());
        Cli.Run badSeconds = Cli.run("bench", tiny.toString(), "--seconds", "-1");
        assertEquals(ExitCodes.USAGE, badSeconds.exit());
        assertTrue(!badSeconds.err().contains("Exception"), badSeconds.err());
    }
}
