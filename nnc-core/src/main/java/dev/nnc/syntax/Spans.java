package dev.nnc.syntax;

import dev.nnc.diag.SourceSpan;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

/** Source spans of ANTLR tokens and rule contexts: 1-based columns, end-exclusive. */
final class Spans {

    private final String file;

    Spans(String file) {
        this.file = file;
    }

    SourceSpan of(Token t) {
        return new SourceSpan(file, t.getLine(), t.getCharPositionInLine() + 1, t.getLine(),
                t.getCharPositionInLine() + 1 + Math.max(1, t.getText().length()));
    }

    SourceSpan of(ParserRuleContext ctx) {
        Token stop = ctx.getStop() != null && ctx.getStop().getTokenIndex() >= ctx.getStart().getTokenIndex()
                ? ctx.getStop() : ctx.getStart();
        return of(ctx.getStart()).to(of(stop));
    }
}
