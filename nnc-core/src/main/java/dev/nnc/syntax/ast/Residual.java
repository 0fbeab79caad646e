package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** {@code residual { lines }}: y = x + body(x). */
public record Residual(Block body, SourceSpan span) implements Expr {
}
