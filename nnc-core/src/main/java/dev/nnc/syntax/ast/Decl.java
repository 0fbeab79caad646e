package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** A top-level declaration of a .nn file. */
public sealed interface Decl permits ImportDecl, ValDecl, FunDecl, ModelDecl {

    SourceSpan span();
}
