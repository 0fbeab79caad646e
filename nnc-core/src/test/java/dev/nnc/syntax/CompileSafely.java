package dev.nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.diag.Diagnostic;
import java.time.Duration;

/** Compiles untrusted text under a time bound and checks that the outcome is a well-formed result. */
final class CompileSafely {

    private CompileSafely() {
    }

    static CompileResult compile(String text, Duration limit) {
        CompileResult r = assertTimeoutPreemptively(limit,
                () -> Nnc.compileString("fuzz.nn", text, CompileOptions.defaults()));
        return checkWellFormed(r);
    }

    /** A result (never null: null means the compiler thread died), consistent, and renderable. */
    static CompileResult checkWellFormed(CompileResult r) {
        assertNotNull(r, "the compiler thread died without a result");
        boolean hasError = r.diagnostics().stream().anyMatch(Diagnostic::isError);
        assertTrue(r.ok() != hasError, "ok exactly when there is no error");
        if (!r.ok()) {
            assertFalse(r.render().isEmpty());
        } else {
            assertNotNull(r.model().get().graph());
        }
        r.render();
        return r;
    }
}
