package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/** {@code fun name(params) = expr} or {@code fun name(params) { lines }} (then the body is a {@link Block}). */
public record FunDecl(String name, List<Param> params, Expr body, SourceSpan nameSpan, SourceSpan span)
        implements Decl {

    public FunDecl {
        params = List.copyOf(params);
    }
}
