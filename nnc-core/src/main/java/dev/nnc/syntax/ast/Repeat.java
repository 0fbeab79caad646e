package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** {@code <body> x count}, {@code (body) x count}, {@code body × count} or {@code repeat(count) { body }}. */
public record Repeat(Expr body, Expr count, SourceSpan span) implements Expr {
}
