package dev.nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.diag.Diagnostic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pathological inputs end in a {@link CompileResult} with a positioned diagnostic, in bounded time and
 * memory. The bounds are generous (a loaded 2-core machine), far above what a hang or a blow-up would take.
 */
class RobustnessTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static List<String> codes(CompileResult r) {
        return r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::code).distinct().toList();
    }

    @Test
    void emptyFile() {
        CompileResult r = CompileSafely.compile("", LIMIT);
        assertEquals(List.of("no-model"), codes(r));
    }

    @Test
    void twentyThousandNestedParentheses() {
        String deep = "(".repeat(20_000) + "1" + ")".repeat(20_000);
        CompileResult r = CompileSafely.compile("model M { input(10) - affine(" + deep + ") - softmax }", LIMIT);
        assertEquals(List.of("too-deep"), codes(r));
        assertTrue(r.render().contains("brackets are nested more than 200 levels deep"), r.render());
    }

    @Test
    void twentyThousandUnclosedParentheses() {
        CompileResult r = CompileSafely.compile("val a = " + "(".repeat(20_000), LIMIT);
        assertEquals(List.of("too-deep"), codes(r));
    }

    @Test
    void twoHundredLevelsAreStillAccepted() {
        String deep = "(".repeat(150) + "2" + ")".repeat(150);
        CompileResult r = CompileSafely.compile("model M { input(10) - affine(" + deep + ") - softmax }", LIMIT);
        assertTrue(r.ok(), r.render());
    }

    @Test
    void repeatCountOfOneBillion() {
        CompileResult r = CompileSafely.compile("model M { input(10) - <affine(10) - relu> x 1000000000 - softmax }",
                LIMIT);
        assertEquals(List.of("too-many-layers"), codes(r));
    }

    @Test
    void nestedRepeatsMultiplyWithoutOverflow() {
        CompileResult r = CompileSafely.compile("model M { input(10) - <<<relu> x 1000000000> x 1000000000> x"
                + " 1000000000 - softmax }", LIMIT);
        assertEquals(List.of("too-many-layers"), codes(r));
    }

    @Test
    void affineOfTenToTheTwelveParameters() {
        CompileResult r = CompileSafely.compile("model M { input(1000000) - affine(1000000) - softmax }", LIMIT);
        assertEquals(List.of("shape"), codes(r));
    }

    @Test
    void manyLargeLayersExceedTheModelLimit() {
        // each W is 40000 * 40000 = 1.6e9 elements (under the tensor limit), together far over it
        CompileResult r = CompileSafely.compile("model M { input(40000) - <affine(40000)> x 3 - softmax }", LIMIT);
        assertFalse(r.ok());
    }

    @Test
    void hundredThousandChainedRelus() {
        String chain = "relu - ".repeat(100_000);
        CompileResult r = CompileSafely.compile("model M {\n    input(10) - " + chain + "affine(2) - softmax\n}\n",
                LIMIT);
        assertEquals(List.of("too-many-layers"), codes(r));
    }

    @Test
    void hundredThousandLinesOfLayers() {
        CompileResult r = CompileSafely.compile("model M {\n input(10)\n" + " relu\n".repeat(100_000)
                + " affine(2) - softmax\n}\n", LIMIT);
        assertEquals(List.of("too-many-layers"), codes(r));
    }

    @Test
    void hundredThousandTermsOfArithmetic() {
        CompileResult r = CompileSafely.compile("model M { input(10) - affine(" + "1 + ".repeat(100_000) + "1) - softmax }",
                LIMIT);
        assertTrue(r.ok(), r.render());
        assertEquals(100_001, r.model().get().graph().nodes().get(1).shape().dim(0));
    }

    @Test
    void oneMegabyteFileJustUnderTheLimit(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("model M { input(10) - affine(v1) - softmax }\n");
        for (int i = 0; sb.length() < 1_000_000; i++) {
            sb.append("val v").append(i).append(" = ").append(i).append(" * 2 + 1 // filler\n");
        }
        Path file = dir.resolve("big.nn");
        Files.writeString(file, sb);
        CompileResult r = CompileSafely.checkWellFormed(assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> Nnc.compile(file, CompileOptions.defaults())));
        assertTrue(r.ok(), () -> r.errors().toString());
        // every other val is unused: one warning each, all reported
        assertTrue(r.diagnostics().size() > 10_000);
    }

    @Test
    void tenMegabyteComment() {
        CompileResult r = CompileSafely.compile("/*" + "x".repeat(10_000_000) + "*/\nmodel M { input(4) - affine(2) - "
                + "softmax }", LIMIT);
        assertTrue(r.ok(), r.render());
    }

    @Test
    void fileOverTheSizeLimitIsRefusedUnread(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("huge.nn");
        Files.write(file, new byte[17 << 20]);
        CompileResult r = CompileSafely.checkWellFormed(Nnc.compile(file, CompileOptions.defaults()));
        assertEquals(List.of("file-too-large"), codes(r));
    }

    @Test
    void invalidUtf8IsReportedWithAPosition(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.nn");
        Files.write(file, new byte[] {'v', 'a', 'l', ' ', 'a', ' ', '=', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        CompileResult r = CompileSafely.checkWellFormed(Nnc.compile(file, CompileOptions.defaults()));
        assertTrue(r.render().contains(":1:9: error: unexpected character U+FFFD"), r.render());
    }

    @Test
    void manySyntaxErrorsAreCapped() {
        CompileResult r = CompileSafely.compile(") ".repeat(10_000), LIMIT);
        assertTrue(r.diagnostics().size() <= 21, "at most 20 errors and a note, got " + r.diagnostics().size());
    }
}
