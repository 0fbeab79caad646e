package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** A string literal, escapes already decoded. */
public record StringLit(String value, SourceSpan span) implements Expr {
}
