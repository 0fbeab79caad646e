package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.Optional;

/** {@code name: Type = default} in a {@code fun} or parametric {@code model}. */
public record Param(String name, String type, Optional<Expr> defaultValue, SourceSpan typeSpan, SourceSpan span) {
}
