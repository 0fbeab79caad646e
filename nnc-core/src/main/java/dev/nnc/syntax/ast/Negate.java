package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** Unary minus. */
public record Negate(Expr operand, SourceSpan span) implements Expr {
}
