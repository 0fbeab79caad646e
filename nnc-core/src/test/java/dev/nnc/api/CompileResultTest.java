package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CompileResultTest {

    private static final String MODEL = "model M {\n    input(4)\n    affine(2) - softmax\n}\n";

    private static String unusedVals(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append("val v").append(i).append(" = ").append(i).append('\n');
        }
        return s.toString();
    }

    @Test
    void renderShowsTheFirstHundredWarningsAndCountsTheRest() {
        CompileResult r = Nnc.compileString("vals.nn", unusedVals(150) + MODEL, CompileOptions.defaults());
        assertTrue(r.ok(), r.render());
        assertEquals(150, r.diagnostics().size(), "the result keeps every diagnostic");
        String text = r.render();
        assertEquals(100, text.lines().filter(l -> l.contains(": warning: ")).count(), text);
        assertTrue(text.contains("val 'v99' is never used") && !text.contains("val 'v100' is never used"), text);
        assertTrue(text.endsWith("... and 50 more warnings not shown" + System.lineSeparator()), text);
    }

    @Test
    void errorsAreCountedApartFromWarnings() {
        StringBuilder bad = new StringBuilder(unusedVals(101));
        bad.append("model M {\n    input(4)\n");
        for (int i = 0; i < 102; i++) {
            bad.append("    nosuch").append(i).append('\n');
        }
        bad.append("}\n");
        CompileResult r = Nnc.compileString("bad.nn", bad.toString(), CompileOptions.defaults());
        String text = r.render();
        long errors = r.errors().size();
        assertTrue(errors >= 102, text);
        assertEquals(100, text.lines().filter(l -> l.contains(": error: ")).count(), text);
        assertTrue(text.contains("... and " + (errors - 100) + " more errors and 1 more warning not shown"), text);
    }

    @Test
    void aFewDiagnosticsAreAllShownWithoutACountLine() {
        CompileResult r = Nnc.compileString("few.nn", unusedVals(3) + MODEL, CompileOptions.defaults());
        assertEquals(3, r.render().lines().filter(l -> l.contains(": warning: ")).count());
        assertTrue(!r.render().contains("not shown"), r.render());
    }
}
