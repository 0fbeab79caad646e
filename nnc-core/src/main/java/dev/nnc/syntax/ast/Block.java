package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/** {@code { line; line }}: lines chained with an implicit {@code -}. */
public record Block(List<Expr> lines, SourceSpan span) implements Expr {

    public Block {
        lines = List.copyOf(lines);
    }
}
