package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** {@code true} or {@code false}. */
public record BoolLit(boolean value, SourceSpan span) implements Expr {
}
