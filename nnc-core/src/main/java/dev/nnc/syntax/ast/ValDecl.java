package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** {@code val name = expr}. */
public record ValDecl(String name, Expr value, SourceSpan nameSpan, SourceSpan span) implements Decl {
}
