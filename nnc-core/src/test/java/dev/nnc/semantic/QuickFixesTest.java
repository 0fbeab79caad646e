package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Fix;
import dev.nnc.diag.SourceSpan;
import dev.nnc.format.Formatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fixes the compiler attaches to its diagnostics ({@link Diagnostic#fixes()}), the one source of editors'
 * quick fixes: each is applied to the text as an editor would, and the result must compile without that
 * diagnostic and already be in {@code nnc fmt}'s layout.
 */
class QuickFixesTest {

    private static final CompileOptions TRAIN = CompileOptions.defaults().forTraining();

    /** The one diagnostic with {@code code}, its one fix applied. */
    private static String fixed(String text, String code, CompileOptions options) {
        CompileResult r = Nnc.compileString("t.nn", text, options);
        List<Diagnostic> ds = r.diagnostics().stream().filter(d -> d.code().equals(code)).toList();
        assertEquals(1, ds.size(), r.render());
        assertEquals(1, ds.get(0).fixes().size(), r.render());
        return apply(text, ds.get(0).fixes().get(0));
    }

    private static void assertCleanAndFormatted(String text, CompileOptions options) {
        CompileResult r = Nnc.compileString("t.nn", text, options);
        assertTrue(r.ok() && r.diagnostics().isEmpty(), text + "\n" + r.render());
        assertEquals(text, Formatter.format(text).orElseThrow(), "in nnc fmt's layout");
    }

    @Test
    void aMissingFlattenBeforeAClassifierIsInserted() {
        String text = """
                model M {
                    input(1, 28, 28)
                    conv(10, 1) - avgpool(28) - softmax
                }
                """;
        CompileResult r = Nnc.compileString("t.nn", text, CompileOptions.defaults());
        Fix fix = r.diagnostics().get(0).fixes().get(0);
        assertEquals("Insert 'flatten' before 'softmax'", fix.title());
        assertEquals(List.of(new Fix.Edit(new SourceSpan("t.nn", 3, 33, 3, 33), "flatten - ")), fix.edits());
        String after = apply(text, fix);
        assertTrue(after.contains("avgpool(28) - flatten - softmax"), after);
        assertCleanAndFormatted(after, CompileOptions.defaults());
    }

    @Test
    void theInsertionIsDrawnUnderTheCaretLikeAFixIt() {
        CompileResult r = Nnc.compileString("m.nn", "model M {\n    input(10, 1, 1)\n    svm\n}\n",
                CompileOptions.defaults());
        assertEquals("""
                m.nn:3:5: error: a classifier needs a vector of class scores, but input(10, 1, 1) outputs (10, 1, 1)
                        svm
                        ^^^
                        flatten -
                    insert flatten before svm, which turns (10, 1, 1) into the vector (10)
                """, r.render());
    }

    @Test
    void aFlattenBeforeConvIsRemoved() {
        String text = """
                model M {
                    input(1, 28, 28)
                    conv(8, 3) - maxpool - flatten - conv(8, 3) - affine(10) - softmax
                }
                """;
        String after = fixed(text, "shape", CompileOptions.defaults());
        assertTrue(after.contains("maxpool - conv(8, 3)"), after);
        assertCleanAndFormatted(after, CompileOptions.defaults());
    }

    @Test
    void aFlattenOnAnotherLineIsLeftToTheHint() {
        CompileResult r = Nnc.compileString("t.nn", """
                model M {
                    input(1, 28, 28)
                    conv(8, 3) - flatten
                    maxpool - affine(10) - softmax
                }
                """, CompileOptions.defaults());
        assertTrue(r.diagnostics().get(0).hint().orElseThrow().startsWith("remove the flatten"), r.render());
        assertEquals(List.of(), r.diagnostics().get(0).fixes());
    }

    @Test
    void missingDataIsAddedAsATrainBlockWhereThereIsNone() {
        String text = """
                model M {
                    input(1, 28, 28)
                    affine(10) - softmax // the classifier
                }
                """;
        String after = fixed(text, "missing-train-key", TRAIN);
        assertEquals("""
                model M {
                    input(1, 28, 28)
                    affine(10) - softmax // the classifier

                    train {
                        data = fashionMnist()
                    }
                }
                """, after);
        assertCleanAndFormatted(after, TRAIN);
    }

    @Test
    void missingDataIsAddedToTheTrainBlockInItsLayout() {
        String head = "model M {\n    input(784)\n    affine(10) - softmax\n\n";
        String lines = head + "    train {\n        epochs = 2\n        seed = 1\n    }\n}\n";
        assertEquals(head + "    train {\n        data = fashionMnist()\n        epochs = 2\n        seed = 1\n    }\n}\n",
                fixed(lines, "missing-train-key", TRAIN));
        assertCleanAndFormatted(fixed(lines, "missing-train-key", TRAIN), TRAIN);
        String oneLine = head + "    train { epochs = 2 }\n}\n";
        assertEquals(head + "    train { data = fashionMnist(); epochs = 2 }\n}\n", fixed(oneLine, "missing-train-key",
                TRAIN));
        assertCleanAndFormatted(fixed(oneLine, "missing-train-key", TRAIN), TRAIN);
        String empty = head + "    train {\n    }\n}\n";
        assertEquals(head + "    train { data = fashionMnist() }\n}\n", fixed(empty, "missing-train-key", TRAIN));
        assertCleanAndFormatted(fixed(empty, "missing-train-key", TRAIN), TRAIN);
    }

    @Test
    void aModelThatDoesNotFitFashionMnistGetsTheHintButNoGuess() {
        CompileResult r = Nnc.compileString("t.nn", "model M {\n    input(3, 32, 32)\n    affine(10) - softmax\n}\n",
                TRAIN);
        Diagnostic d = r.diagnostics().get(0);
        assertEquals("missing-train-key", d.code());
        assertEquals(List.of(), d.fixes());
    }

    @Test
    void didYouMeanReplacesTheName() {
        String text = """
                model M {
                    input(784)
                    <afine(100) - batchnrom - relu> x 2 - affine(10, bais = false) - softmax
                    train { data = fashionMnst(); optimizer = adam(lr = 1e-3); epoch = 2; augment = flp }
                }
                """;
        CompileResult r = Nnc.compileString("t.nn", text, CompileOptions.defaults());
        List<String> titles = r.diagnostics().stream().flatMap(d -> d.fixes().stream()).map(Fix::title).toList();
        assertEquals(List.of("Change to 'affine'", "Change to 'batchnorm'", "Change to 'bias'",
                "Change to 'fashionMnist'", "Change to 'epochs'", "Change to 'flip'"), titles, r.render());
        String after = text;
        for (Diagnostic d : reversed(r.diagnostics())) {
            after = apply(after, d.fixes().get(0));
        }
        CompileResult again = Nnc.compileString("t.nn", after, CompileOptions.defaults());
        assertTrue(again.ok() && again.diagnostics().isEmpty(), after + again.render());
    }

    private static List<Diagnostic> reversed(List<Diagnostic> ds) {
        List<Diagnostic> out = new ArrayList<>(ds);
        out.sort(Comparator.comparingInt((Diagnostic d) -> d.span().line()).thenComparingInt(d -> d.span().column())
                .reversed());
        return out;
    }

    /** Applies a fix's edits (1-based, end-exclusive spans) to the text, last first. */
    static String apply(String text, Fix fix) {
        List<Fix.Edit> edits = new ArrayList<>(fix.edits());
        edits.sort(Comparator.comparingInt((Fix.Edit e) -> offset(text, e.span().line(), e.span().column())).reversed());
        StringBuilder sb = new StringBuilder(text);
        for (Fix.Edit e : edits) {
            sb.replace(offset(text, e.span().line(), e.span().column()),
                    offset(text, e.span().endLine(), e.span().endColumn()), e.text());
        }
        return sb.toString();
    }

    private static int offset(String text, int line, int column) {
        int off = 0;
        for (int i = 1; i < line; i++) {
            off = text.indexOf('\n', off) + 1;
        }
        return off + column - 1;
    }
}
