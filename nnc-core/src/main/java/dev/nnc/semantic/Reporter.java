package dev.nnc.semantic;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Collects the diagnostics of one compilation; the one reporting channel of every semantic pass. */
public final class Reporter {

    private final List<Diagnostic> diagnostics = new ArrayList<>();
    /** For de-duplication in constant time: a list scan made 250,000 warnings take minutes. */
    private final Set<Diagnostic> seen = new HashSet<>();

    public void report(Diagnostic d) {
        if (seen.add(d)) {
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

    /**
     * In source order, as a reader goes through the file: files in the order they were first reported,
     * then by line and column; diagnostics at the same position keep the order they were found in.
     */
    public List<Diagnostic> diagnostics() {
        List<String> files = diagnostics.stream().map(d -> d.span().file()).distinct().toList();
        return diagnostics.stream()
                .sorted(java.util.Comparator.<Diagnostic>comparingInt(d -> files.indexOf(d.span().file()))
                        .thenComparingInt(d -> d.span().line())
                        .thenComparingInt(d -> d.span().column()))
                .toList();
    }
}
