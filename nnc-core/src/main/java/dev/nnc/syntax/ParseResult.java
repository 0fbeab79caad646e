package dev.nnc.syntax;

import dev.nnc.diag.Diagnostic;
import dev.nnc.syntax.ast.NnFile;
import java.util.List;
import java.util.Optional;

/** The AST of a file, or the syntax errors that kept it from being built. */
public record ParseResult(Optional<NnFile> file, List<Diagnostic> diagnostics) {

    public ParseResult {
        diagnostics = List.copyOf(diagnostics);
    }
}
