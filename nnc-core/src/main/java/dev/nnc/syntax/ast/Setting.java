package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** {@code key = value} in a train block. */
public record Setting(String key, Expr value, SourceSpan keySpan, SourceSpan span) {
}
