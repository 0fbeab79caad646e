package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/**
 * {@code [a, b, ...]} or {@code (a, b, ...)}: a list of values, such as the weights of
 * {@code affine(1, w = [[0.5], [0.5]])} or an image size {@code size = (64, 64)}. A parenthesised single
 * expression stays a group, so {@code (a)} is never a list.
 */
public record ListLit(List<Expr> items, SourceSpan span) implements Expr {

    public ListLit {
        items = List.copyOf(items);
    }
}
