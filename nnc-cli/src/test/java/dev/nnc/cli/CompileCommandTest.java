package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileCommandTest {

    @Test
    void theReadmeShowsWhatCompileReallyPrintsForTheTypoExample() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String command = "$ ./nnc compile docs/examples/typo.nn\n";
        int start = readme.indexOf(command);
        assertTrue(start >= 0, "README shows the typo example");
        String shown = readme.substring(start + command.length(), readme.indexOf("```", start));
        Cli.Run r = Cli.run("compile", "docs/examples/typo.nn");
        assertEquals(1, r.exit());
        assertEquals(shown, r.err());
    }

    @TempDir
    Path dir;

    @Test
    void summaryShowsEveryNodeAndTheTotalsComputedByHand() throws IOException {
        Path f = Cli.write(dir, "tiny.nn", Cli.TINY);
        Cli.Run r = Cli.run("compile", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        String s = r.out();
        assertTrue(s.startsWith("Model: Tiny\n"), s);
        assertRow(s, "affine_1", "affine(3)", "(3)", "15");
        assertRow(s, "batchnorm_1", "batchnorm", "(3)", "6");
        assertRow(s, "affine_2", "affine(2)", "(2)", "8");
        assertRow(s, "softmax_1", "softmax", "(2)", "0");
        assertLine(s, "Trainable params:\\s+29");
        assertLine(s, "Non-trainable params:\\s+6");
        // 2·4·3 (affine_1) + 3 (relu) + 4·3 (batchnorm) + 2·3·2 (affine_2) + 3·2 (softmax)
        assertLine(s, "Forward FLOPs per example:\\s+57");
        // (29 + 6) float32 values
        assertLine(s, "Parameter memory:\\s+140 B, float32");
        // activations 4+3+3+3+2+2 = 17, gradients 17-4 = 13, per example; (17+13)·8·4 bytes
        assertLine(s, "Activation memory:\\s+960 B, float32, batch 8, forward \\+ gradients");
        assertLine(s, "Training:\\s+adam\\(lr = 0\\.001, beta1 = 0\\.9, beta2 = 0\\.999, eps = 1\\.0e-8\\), 2 epochs, "
                + "batch 8, data none.*, seed 1");
    }

    @Test
    void summaryColumnsAreAligned() throws IOException {
        Path f = Cli.write(dir, "tiny.nn", Cli.TINY);
        List<String> lines = Cli.run("compile", f.toString()).out().lines().toList();
        String header = lines.stream().filter(l -> l.startsWith("Layer")).findFirst().orElseThrow();
        int opCol = header.indexOf("Operator");
        int shapeCol = header.indexOf("Output shape");
        int paramsEnd = header.indexOf("Params") + "Params".length();
        for (String l : lines.subList(lines.indexOf(header) + 2, lines.indexOf(header) + 8)) {
            assertTrue(l.charAt(opCol - 1) == ' ' && l.charAt(opCol) != ' ', l);
            assertTrue(l.charAt(shapeCol) == '(', l);
            assertEquals(paramsEnd, l.length(), "params right-aligned: " + l);
        }
    }

    @Test
    void summaryOfAResidualModelAtFloat64() throws IOException {
        Path f = Cli.write(dir, "res.nn", Cli.RESIDUAL);
        Cli.Run r = Cli.run("compile", f.toString());
        assertEquals(0, r.exit(), r.err());
        // conv_1 54+3, conv_2 81+3, batchnorm 3+3, affine_1 12·5+5, affine_2 5·3+3
        assertLine(r.out(), "Trainable params:\\s+230");
        assertLine(r.out(), "Non-trainable params:\\s+6");
        assertLine(r.out(), "Parameter memory:\\s+1,888 B \\(1\\.8 KiB\\), float64");
        // activations 32 + 7·48 + 3·12 + 2·5 + 2·3 = 420, gradients 420 - 32 = 388; ·10 examples ·8 bytes
        assertLine(r.out(), "Activation memory:\\s+64,640 B \\(63\\.1 KiB\\), float64, batch 10.*");
        assertTrue(r.out().contains("Connected to"), r.out());
        assertTrue(Pattern.compile("(?m)^add_1 .*branch_1, relu_2$").matcher(r.out()).find(), r.out());
    }

    @Test
    void jsonHasTheSchemaNodesEdgesTotalsAndTrainConfig() throws IOException {
        Path f = Cli.write(dir, "tiny.nn", Cli.TINY);
        Cli.Run r = Cli.run("compile", f.toString(), "--emit", "json");
        assertEquals(0, r.exit(), r.err());
        JsonObject g = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals("nnc.graph/1", g.get("schema").getAsString());
        assertEquals("Tiny", g.get("model").getAsString());
        assertEquals("[4]", g.get("inputShape").toString());
        assertEquals("softmax", g.get("loss").getAsString());
        JsonArray nodes = g.getAsJsonArray("nodes");
        List<String> names = new ArrayList<>();
        nodes.forEach(n -> names.add(n.getAsJsonObject().get("name").getAsString()));
        assertEquals(List.of("input", "affine_1", "relu_1", "batchnorm_1", "affine_2", "softmax_1"), names);
        JsonObject affine = nodes.get(1).getAsJsonObject();
        assertEquals("affine", affine.get("op").getAsString());
        assertEquals(3, affine.getAsJsonObject("args").get("units").getAsInt());
        assertEquals("he", affine.getAsJsonObject("args").get("init").getAsString());
        assertEquals("[0]", affine.get("inputs").toString());
        assertEquals(24, affine.get("flops").getAsLong());
        JsonObject w = affine.getAsJsonArray("params").get(0).getAsJsonObject();
        assertEquals("affine_1.W", w.get("name").getAsString());
        assertEquals("[4,3]", w.get("shape").toString());
        assertEquals("weight", w.get("role").getAsString());
        assertTrue(w.get("trainable").getAsBoolean());
        JsonObject runningVar = nodes.get(3).getAsJsonObject().getAsJsonArray("params").get(3).getAsJsonObject();
        assertEquals("batchnorm_1.running_var", runningVar.get("name").getAsString());
        assertFalse(runningVar.get("trainable").getAsBoolean());
        assertEquals("ones", runningVar.get("init").getAsString());

        JsonArray edges = g.getAsJsonArray("edges");
        assertEquals(5, edges.size());
        JsonObject e = edges.get(1).getAsJsonObject();
        assertEquals(1, e.get("from").getAsInt());
        assertEquals(2, e.get("to").getAsInt());
        assertEquals("[3]", e.get("shape").toString());

        JsonObject totals = g.getAsJsonObject("totals");
        assertEquals(29, totals.get("trainableParams").getAsLong());
        assertEquals(6, totals.get("nonTrainableParams").getAsLong());
        assertEquals(57, totals.get("flopsPerExample").getAsLong());
        assertEquals(960, totals.get("activationBytes").getAsLong());

        JsonObject train = g.getAsJsonObject("train");
        assertTrue(train.get("data").isJsonNull());
        assertEquals("adam", train.getAsJsonObject("optimizer").get("name").getAsString());
        assertEquals(1e-3, train.getAsJsonObject("optimizer").getAsJsonObject("hyper").get("lr").getAsDouble());
        assertEquals(0.999, train.getAsJsonObject("optimizer").getAsJsonObject("hyper").get("beta2").getAsDouble());
        assertEquals(2, train.get("epochs").getAsInt());
        assertEquals(8, train.get("batchSize").getAsInt());
        assertEquals(1, train.get("seed").getAsLong());
        assertEquals("float32", train.get("precision").getAsString());
        assertTrue(train.get("keepBest").getAsBoolean());
        assertTrue(train.get("earlyStop").isJsonNull());
        assertEquals(List.of("data", "optimizer", "epochs", "batchSize", "lrDecay", "l2", "seed", "precision",
                "keepBest", "earlyStop"), List.copyOf(train.keySet()));
    }

    @Test
    void jsonIsDeterministicAndShowsTheResidualForkAndJoin() throws IOException {
        Path f = Cli.write(dir, "res.nn", Cli.RESIDUAL);
        String first = Cli.run("compile", f.toString(), "--emit", "json").out();
        assertEquals(first, Cli.run("compile", f.toString(), "--emit", "json").out());
        JsonObject g = JsonParser.parseString(first).getAsJsonObject();
        JsonObject add = g.getAsJsonArray("nodes").get(7).getAsJsonObject();
        assertEquals("add", add.get("op").getAsString());
        assertEquals("[3,6]", add.get("inputs").toString());
        long fromBranch = 0;
        for (JsonElement e : g.getAsJsonArray("edges")) {
            fromBranch += e.getAsJsonObject().get("from").getAsInt() == 3 ? 1 : 0;
        }
        assertEquals(2, fromBranch, "the branch feeds the block and the add");
        assertEquals("svm", g.get("loss").getAsString());
        assertEquals("float64", g.getAsJsonObject("train").get("precision").getAsString());
    }

    @Test
    void dotHasEveryNodeAndEdge() throws IOException, InterruptedException {
        Path f = Cli.write(dir, "res.nn", Cli.RESIDUAL);
        Cli.Run r = Cli.run("compile", f.toString(), "--emit", "dot");
        assertEquals(0, r.exit(), r.err());
        String dot = r.out();
        assertTrue(dot.startsWith("digraph \"Res\" {"), dot);
        for (String name : List.of("input", "conv_1", "relu_1", "branch_1", "conv_2", "batchnorm_1", "relu_2",
                "add_1", "maxpool_1", "flatten_1", "dropout_1", "affine_1", "tanh_1", "affine_2", "svm_1")) {
            assertTrue(dot.contains("[label=\"" + name + "\\n"), name);
        }
        assertTrue(dot.contains("conv(3, 3, pad = 1)\\n84 params"), dot);
        assertTrue(dot.contains("6 params + 6 fixed"), dot);
        assertTrue(dot.contains("n3 -> n4 [label=\"(3, 4, 4)\"]"), dot);
        assertTrue(dot.contains("n3 -> n7 [label=\"(3, 4, 4)\"]"), dot);
        assertTrue(dot.contains("n6 -> n7 [label=\"(3, 4, 4)\"]"), dot);
        assertEquals(15, dot.lines().filter(l -> l.contains(" -> ")).count());
        assertGraphvizAccepts(dot);
    }

    private void assertGraphvizAccepts(String dot) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("dot", "-Tsvg").redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort("Graphviz dot is not installed");
            return;
        }
        p.getOutputStream().write(dot.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String svg = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), svg);
        assertTrue(svg.contains("<svg"), svg);
    }

    @Test
    void badFileReportsEveryErrorWithPositionAndCaret() throws IOException {
        Path f = Cli.write(dir, "bad.nn", Cli.BAD);
        Cli.Run r = Cli.run("compile", f.toString());
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().contains(f + ":3:20: error: unknown layer 'batchnrom'\n"), r.err());
        assertTrue(r.err().contains("\n                       ^^^^^^^^^\n"), r.err());
        assertTrue(r.err().contains("did you mean 'batchnorm'?"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void jsonDiagnosticsAreOneObjectPerLine() throws IOException {
        Path f = Cli.write(dir, "bad.nn", Cli.BAD);
        Cli.Run r = Cli.run("compile", f.toString(), "--diagnostics", "json");
        assertEquals(1, r.exit());
        List<String> lines = r.err().lines().toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            JsonObject d = JsonParser.parseString(line).getAsJsonObject();
            assertEquals(List.of("file", "line", "column", "endLine", "endColumn", "severity", "code", "message",
                    "hint", "fixes"), List.copyOf(d.keySet()), line);
        }
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(f.toString(), first.get("file").getAsString());
        assertEquals(3, first.get("line").getAsInt());
        assertEquals(20, first.get("column").getAsInt());
        assertEquals(29, first.get("endColumn").getAsInt());
        assertEquals("error", first.get("severity").getAsString());
        assertEquals("unknown-layer", first.get("code").getAsString());
        assertEquals("did you mean 'batchnorm'?", first.get("hint").getAsString());
        JsonObject fix = first.getAsJsonArray("fixes").get(0).getAsJsonObject();
        assertEquals("Change to 'batchnorm'", fix.get("title").getAsString());
        JsonObject edit = fix.getAsJsonArray("edits").get(0).getAsJsonObject();
        assertEquals(List.of(3, 20, 3, 29), List.of(edit.get("line").getAsInt(), edit.get("column").getAsInt(),
                edit.get("endLine").getAsInt(), edit.get("endColumn").getAsInt()));
        assertEquals("batchnorm", edit.get("text").getAsString());
    }

    @Test
    void warningsGoToStderrAndTheModelStillCompiles() throws IOException {
        Path f = Cli.write(dir, "warn.nn", """
                model W {
                    input(3)
                    affine(4) - dropout(0.5) - softmax
                }
                """);
        Cli.Run r = Cli.run("compile", f.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains(":3:17: warning: dropout right before softmax"), r.err());
        assertTrue(r.out().startsWith("Model: W"), r.out());
    }

    @Test
    void outputFileIsWrittenInsteadOfStdout() throws IOException {
        Path f = Cli.write(dir, "tiny.nn", Cli.TINY);
        Path out = dir.resolve("tiny.json");
        Files.writeString(out, "old contents");
        Cli.Run r = Cli.run("compile", f.toString(), "--emit", "json", "-o", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
        assertEquals(Cli.run("compile", f.toString(), "--emit", "json").out(), Files.readString(out));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file left behind");
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            // the old file's mode is kept; a new file gets what Files.write gives (not createTempFile's 0600)
            assertEquals(Files.getPosixFilePermissions(f), Files.getPosixFilePermissions(out));
            Path fresh = dir.resolve("fresh.json");
            assertEquals(0, Cli.run("compile", f.toString(), "-o", fresh.toString()).exit());
            assertEquals(Files.getPosixFilePermissions(f), Files.getPosixFilePermissions(fresh));
        }
    }

    @Test
    void outputIntoAMissingDirectoryIsAClearError() throws IOException {
        Path f = Cli.write(dir, "tiny.nn", Cli.TINY);
        Cli.Run r = Cli.run("compile", f.toString(), "-o", dir.resolve("no/such/dir/out.txt").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("nnc: cannot write "), r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    @Test
    void setOverridesModelParametersAndTrainSettings() throws IOException {
        Path f = Cli.write(dir, "res.nn", Cli.RESIDUAL);
        Cli.Run r = Cli.run("compile", f.toString(), "--set", "width=7", "--set", "epochs=3", "--set", "lr=0.5");
        assertEquals(0, r.exit(), r.err());
        assertRow(r.out(), "affine_1", "affine(7)", "(7)", "91");
        assertLine(r.out(), "Training:\\s+sgd\\(lr = 0\\.5\\), 3 epochs, .*");
    }

    @Test
    void badSetValueIsAPositionedError() throws IOException {
        Path f = Cli.write(dir, "res.nn", Cli.RESIDUAL);
        Cli.Run r = Cli.run("compile", f.toString(), "--set", "widht=7");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--set widht:1:1: error:"), r.err());
    }

    @Test
    void modelIsChosenByName() throws IOException {
        Path f = Cli.write(dir, "two.nn", """
                model A {
                    input(2)
                    affine(2) - softmax
                }
                model B {
                    input(2)
                    affine(3) - affine(2) - mse
                }
                """);
        assertEquals(1, Cli.run("compile", f.toString()).exit());
        Cli.Run b = Cli.run("compile", f.toString(), "--model", "B");
        assertEquals(0, b.exit(), b.err());
        assertTrue(b.out().startsWith("Model: B\n"), b.out());
    }

    @Test
    void missingFileIsAnInputError() {
        Cli.Run r = Cli.run("compile", dir.resolve("nope.nn").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("nope.nn:1:1: error: cannot read"), r.err());
    }

    private static void assertRow(String summary, String... cells) {
        String re = "(?m)^" + String.join("\\s+", java.util.Arrays.stream(cells).map(Pattern::quote).toList())
                + "(  .*)?$"; // a "Connected to" column may follow
        assertTrue(Pattern.compile(re).matcher(summary).find(), "row " + List.of(cells) + " in\n" + summary);
    }

    private static void assertLine(String text, String regex) {
        assertTrue(Pattern.compile("(?m)^" + regex + "$").matcher(text).find(), regex + " in\n" + text);
    }
}
