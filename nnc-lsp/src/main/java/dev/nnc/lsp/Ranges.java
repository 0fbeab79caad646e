package dev.nnc.lsp;

import dev.nnc.diag.SourceSpan;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** Compiler spans (1-based, end-exclusive) to LSP ranges (0-based, end-exclusive) and back. */
final class Ranges {

    private Ranges() {
    }

    static Range of(SourceSpan s) {
        return new Range(new Position(s.line() - 1, s.column() - 1), new Position(s.endLine() - 1, s.endColumn() - 1));
    }

    static Position end(SourceSpan s) {
        return new Position(s.endLine() - 1, s.endColumn() - 1);
    }
}
