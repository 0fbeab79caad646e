package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** {@code import "path.nn"}, relative to the importing file. */
public record ImportDecl(String path, SourceSpan span) implements Decl {
}
