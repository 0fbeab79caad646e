package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.Optional;

/** One argument of a call, positional or {@code name = value}. */
public record Arg(Optional<String> name, Expr value, SourceSpan span) {
}
