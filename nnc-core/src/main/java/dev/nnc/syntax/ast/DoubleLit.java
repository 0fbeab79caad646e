package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** A floating-point literal such as {@code 0.5} or {@code 1e-3}. */
public record DoubleLit(double value, SourceSpan span) implements Expr {
}
