package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** A bare name: a {@code val}, a parameter, a {@code fun} called without parentheses, or a layer. */
public record NameRef(String name, SourceSpan span) implements Expr {
}
