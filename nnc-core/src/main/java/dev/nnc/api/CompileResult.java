package dev.nnc.api;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticRenderer;
import dev.nnc.diag.SourceText;
import dev.nnc.semantic.CompiledModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The outcome of a compilation: the model when there were no errors, and every diagnostic (warnings
 * too) either way. Nothing is printed; {@link #render()} formats the diagnostics for a terminal.
 */
public record CompileResult(Optional<CompiledModel> model, List<Diagnostic> diagnostics,
                            Map<String, SourceText> sources) {

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

    /** Every diagnostic as {@code file:line:col: severity: message}, the source line, a caret and a hint. */
    public String render() {
        DiagnosticRenderer r = new DiagnosticRenderer(sources);
        return diagnostics.stream().map(r::render).collect(Collectors.joining());
    }
}
