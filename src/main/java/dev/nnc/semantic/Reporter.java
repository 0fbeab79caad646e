package dev.nnc.semantic;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one compilation; the one reporting channel of every semantic pass. */
public final class Reporter {

    private final List<Diagnostic> diagnostics = new ArrayList<>();

    public void report(Diagnostic d) {
        if (!diagnostics.contains(d)) {
            diagnostics.add(d);
        }
    }

    public void error(String code, SourceSpan span, String message) {
        report(Diagnostic.error(code, span, message));
    }

    public void error(String code, SourceSpan span, String message, String hint) {
        report(Diagnostic.error(code, span, message).withHint(hint));
    }

    public void warning(String code, SourceSpan span, String message, String hint) {
        report(Diagnostic.warning(code, span, message).withHint(hint));
    }

    public void addAll(List<Diagnostic> ds) {
        ds.forEach(this::report);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    public int errorCount() {
        return (int) diagnostics.stream().filter(Diagnostic::isError).count();
    }

    public List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }
}
