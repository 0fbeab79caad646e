package dev.nnc.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.semantic.Checker;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.semantic.Program;
import dev.nnc.semantic.ProgramLoader;
import dev.nnc.semantic.Reporter;
import dev.nnc.syntax.ast.ModelDecl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The formatter: its layout rules on small cases, and over every .nn file of the repository (models/,
 * docs/examples/, the golden files) the properties that make it safe to run blindly: idempotent, comments
 * kept, and the compiled graph of the formatted text equal to the original's, node by node.
 */
class FormatterTest {

    private static String fmt(String text) {
        return Formatter.format(text).orElseThrow();
    }

    @Test
    void spacesOperatorsAndIndentsBlocks() {
        String in = "model  M{\ninput(1,28,28)\n  <affine(100)-relu>x 2-affine(10,init=he)-softmax\n"
                + "train{epochs=5\noptimizer=adam( lr = -1e-3 )}\n}\n";
        assertEquals("model M {\n    input(1, 28, 28)\n    <affine(100) - relu> x 2 - affine(10, init = he) - softmax\n"
                + "    train { epochs = 5\n        optimizer = adam(lr = -1e-3) }\n}\n", fmt(in));
    }

    @Test
    void keepsCommentsAndAlignsTrailingOnes() {
        String in = "// head\n\n\n\nfun f(n: Int)=affine(n) // one\nval a = 1      // two\n/* block */ val b=2\n\n";
        assertEquals("// head\n\nfun f(n: Int) = affine(n) // one\nval a = 1                 // two\n"
                + "/* block */ val b = 2\n", fmt(in));
    }

    @Test
    void indentsContinuationLines() {
        String in = "model M {\ninput(4)\naffine(8) -\nrelu -\naffine(2)\naffine(\n3,\n4)\n}\n";
        assertEquals("model M {\n    input(4)\n    affine(8) -\n        relu -\n        affine(2)\n    affine(\n"
                + "        3,\n        4)\n}\n", fmt(in));
    }

    @Test
    void leavesTextThatDoesNotLexAlone() {
        assertTrue(Formatter.format("val s = \"open\n").isEmpty());
        assertTrue(Formatter.format("val a = 1 $\n").isEmpty());
    }

    @TestFactory
    Stream<DynamicTest> everyRepositoryFileKeepsItsGraph() throws IOException {
        List<Path> files = new ArrayList<>();
        for (String dir : List.of("models", "docs/examples", "nnc-core/src/test/resources/golden")) {
            files.addAll(SourceFiles.expand(Path.of(dir)));
        }
        assertTrue(files.size() >= 20, "found " + files.size() + " .nn files");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(f)));
    }

    /** The repository's own files are in the canonical layout (what `nnc fmt --check` checks in CI). */
    @Test
    void repositoryFilesAreFormatted() throws IOException {
        List<String> unformatted = new ArrayList<>();
        for (String dir : List.of("models", "docs/examples")) {
            for (Path f : SourceFiles.expand(Path.of(dir))) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (!fmt(text).equals(text)) {
                    unformatted.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), unformatted, "run: ./nnc fmt models/ docs/examples/");
    }

    /**
     * The .nn examples inside docs/*.md and README.md (code blocks that parse as a .nn file and declare
     * something) are formatted too.
     */
    @Test
    void documentationExamplesAreFormatted() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> s = Files.list(Path.of("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> unformatted = new ArrayList<>();
        int examples = 0;
        for (Path doc : docs) {
            String[] parts = Files.readString(doc, StandardCharsets.UTF_8).split("(?m)^```[a-z]*\\n", -1);
            for (int i = 1; i < parts.length; i += 2) {
                String block = parts[i];
                if (!block.matches("(?s)(//[^\\n]*\\n)*\\s*(model|fun|val|import) .*")) {
                    continue;
                }
                var parsed = dev.nnc.syntax.SourceParser.parse(new dev.nnc.diag.SourceText(doc.toString(), block));
                if (!parsed.diagnostics().isEmpty()) {
                    continue;
                }
                examples++;
                if (!fmt(block).equals(block)) {
                    unformatted.add(doc + ": " + block.lines().findFirst().orElse("") + "\n" + fmt(block));
                }
            }
        }
        assertTrue(examples >= 3, "found " + examples + " examples in the docs");
        assertEquals(List.of(), unformatted);
    }

    private static void check(Path file) throws IOException {
        String original = Files.readString(file, StandardCharsets.UTF_8);
        String once = fmt(original);
        assertEquals(once, fmt(once), "idempotent");
        assertEquals(comments(original), comments(once), "comments kept, in order");
        assertEquals(compile(file, original), compile(file, once), "same graphs and diagnostics");
    }

    private static List<String> comments(String text) {
        List<String> out = new ArrayList<>();
        var lexer = new dev.nnc.syntax.antlr.NnLexer(org.antlr.v4.runtime.CharStreams.fromString(text));
        for (var t = lexer.nextToken(); t.getType() != org.antlr.v4.runtime.Token.EOF; t = lexer.nextToken()) {
            if (t.getType() == dev.nnc.syntax.antlr.NnLexer.LINE_COMMENT) {
                out.add(t.getText().stripTrailing());
            } else if (t.getType() == dev.nnc.syntax.antlr.NnLexer.BLOCK_COMMENT) {
                out.add(t.getText());
            }
        }
        return out;
    }

    /** Each model of the file compiled from {@code text} (spans left out), or its diagnostics without positions. */
    private static List<String> compile(Path file, String text) {
        Reporter reporter = new Reporter();
        Program p = new ProgramLoader(reporter).load(file.toString(), text, file.toAbsolutePath().getParent());
        List<String> out = new ArrayList<>();
        if (reporter.hasErrors()) {
            reporter.diagnostics().forEach(d -> out.add(describe(d)));
            return out;
        }
        for (ModelDecl m : p.mainModels()) {
            Reporter r = new Reporter();
            Optional<CompiledModel> c = new Checker(p, r).check(Optional.of(m.name()), Map.of());
            r.diagnostics().forEach(d -> out.add(describe(d)));
            c.ifPresent(cm -> out.add(withoutSpans(cm.graph()).toString() + " flops " + cm.flops()));
        }
        assertFalse(out.isEmpty() && !p.mainModels().isEmpty(), "something compiled");
        return out;
    }

    private static String describe(Diagnostic d) {
        return d.severity() + " " + d.code() + " " + d.message();
    }

    private static LayerGraph withoutSpans(LayerGraph g) {
        SourceSpan none = SourceSpan.ofFile("-");
        List<Node> nodes = g.nodes().stream().map(n -> new Node(n.id(), n.name(), n.op(), n.args(), n.inputs(),
                n.shape(), n.params(), none)).toList();
        return new LayerGraph(g.model(), nodes, g.train());
    }
}
