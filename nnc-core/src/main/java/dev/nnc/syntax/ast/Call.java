package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/** {@code name(args)}: a layer, a {@code fun}, or (in a train block) a data set or optimizer. */
public record Call(String name, List<Arg> args, SourceSpan nameSpan, SourceSpan span) implements Expr {

    public Call {
        args = List.copyOf(args);
    }
}
