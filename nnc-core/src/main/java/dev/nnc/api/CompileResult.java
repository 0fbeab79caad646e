package dev.nnc.api;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticRenderer;
import dev.nnc.diag.SourceText;
import dev.nnc.semantic.CompiledModel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of a compilation: the model when there were no errors, and every diagnostic (warnings
 * too) either way. Nothing is printed; {@link #render()} formats the diagnostics for a terminal.
 */
public record CompileResult(Optional<CompiledModel> model, List<Diagnostic> diagnostics,
                            Map<String, SourceText> sources) {

    /** How many errors, and how many warnings, {@link #render()} shows at most. */
    public static final int RENDERED_PER_SEVERITY = 100;

    public CompileResult {
        diagnostics = List.copyOf(diagnostics);
        sources = Map.copyOf(sources);
    }

    public boolean ok() {
        return model.isPresent();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    /** The model, or an exception whose message is the rendered diagnostics. */
    public CompiledModel orThrow() {
        return model.orElseThrow(() -> new CompilationException(render()));
    }

    /**
     * The diagnostics as {@code file:line:col: severity: message}, the source line, a caret and a hint: the
     * first {@value #RENDERED_PER_SEVERITY} errors and the first {@value #RENDERED_PER_SEVERITY} warnings, then
     * a line counting the rest (as javac's {@code -Xmaxerrs}/{@code -Xmaxwarns}): a hostile file with 50,000
     * unused vals would otherwise print megabytes. {@link #diagnostics()} has them all.
     */
    public String render() {
        DiagnosticRenderer r = new DiagnosticRenderer(sources);
        StringBuilder out = new StringBuilder();
        int errors = 0;
        int warnings = 0;
        for (Diagnostic d : diagnostics) {
            int shown = d.isError() ? errors++ : warnings++;
            if (shown < RENDERED_PER_SEVERITY) {
                out.append(r.render(d));
            }
        }
        int moreErrors = Math.max(0, errors - RENDERED_PER_SEVERITY);
        int moreWarnings = Math.max(0, warnings - RENDERED_PER_SEVERITY);
        if (moreErrors + moreWarnings > 0) {
            out.append(String.format(Locale.ROOT, "... and %s not shown%n",
                    moreErrors == 0 ? count(moreWarnings, "warning")
                            : moreWarnings == 0 ? count(moreErrors, "error")
                            : count(moreErrors, "error") + " and " + count(moreWarnings, "warning")));
        }
        return out.toString();
    }

    private static String count(int n, String what) {
        return String.format(Locale.ROOT, "%,d more %s%s", n, what, n == 1 ? "" : "s");
    }
}
