package dev.nnc.semantic;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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

    /**
     * A name at {@code span} that is not one of {@code known}: with "did you mean 'x'?" and the fix that writes x
     * in its place when a known name is near, else with {@code otherwise} as the hint (may be null).
     */
    public void unknown(String code, SourceSpan span, String message, String name, Collection<String> known,
                        String otherwise) {
        Optional<String> near = DidYouMean.nearest(name, known);
        Diagnostic d = Diagnostic.error(code, span, message);
        report(near.map(n -> DidYouMean.withFix(d, n)).orElseGet(() -> d.withHint(otherwise)));
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
