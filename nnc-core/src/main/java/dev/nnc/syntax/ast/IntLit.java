package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** An integer literal such as {@code 100} or {@code 60_000}. */
public record IntLit(long value, SourceSpan span) implements Expr {
}
