package dev.nnc.syntax;

import dev.nnc.syntax.antlr.NnBaseVisitor;
import dev.nnc.syntax.antlr.NnParser;
import dev.nnc.syntax.ast.Arg;
import dev.nnc.syntax.ast.Binary;
import dev.nnc.syntax.ast.Block;
import dev.nnc.syntax.ast.BoolLit;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.DoubleLit;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.IntLit;
import dev.nnc.syntax.ast.NameRef;
import dev.nnc.syntax.ast.Negate;
import dev.nnc.syntax.ast.Repeat;
import dev.nnc.syntax.ast.Residual;
import dev.nnc.syntax.ast.StringLit;
import java.util.List;
import java.util.Optional;

/** Parse tree to AST for expressions and stacks: pure translation, one method per labelled alternative. */
final class ExprBuilder extends NnBaseVisitor<Expr> {

    private final Spans spans;

    ExprBuilder(Spans spans) {
        this.spans = spans;
    }

    Block block(NnParser.BlockContext ctx) {
        return new Block(ctx.expr().stream().map(this::visit).toList(), spans.of(ctx));
    }

    @Override
    public Expr visitRepeatExpr(NnParser.RepeatExprContext ctx) {
        return new Repeat(visit(ctx.expr()), visit(ctx.count), spans.of(ctx));
    }

    @Override
    public Expr visitNegateExpr(NnParser.NegateExprContext ctx) {
        return new Negate(visit(ctx.expr()), spans.of(ctx));
    }

    @Override
    public Expr visitMulExpr(NnParser.MulExprContext ctx) {
        return binary(ctx);
    }

    @Override
    public Expr visitAddExpr(NnParser.AddExprContext ctx) {
        return binary(ctx);
    }

    /**
     * A chain {@code a - b - c ...} parses as a left-deep tree: its left spine is walked in a loop, so a
     * 100,000-term chain is not translated by recursion 100,000 calls deep.
     */
    private Expr binary(NnParser.ExprContext ctx) {
        java.util.Deque<NnParser.ExprContext> spine = new java.util.ArrayDeque<>();
        NnParser.ExprContext e = ctx;
        while (e instanceof NnParser.AddExprContext || e instanceof NnParser.MulExprContext) {
            spine.push(e);
            e = e instanceof NnParser.AddExprContext a ? a.expr(0) : ((NnParser.MulExprContext) e).expr(0);
        }
        Expr acc = visit(e);
        while (!spine.isEmpty()) {
            NnParser.ExprContext x = spine.pop();
            org.antlr.v4.runtime.Token o = x instanceof NnParser.AddExprContext a ? a.op
                    : ((NnParser.MulExprContext) x).op;
            NnParser.ExprContext right = x instanceof NnParser.AddExprContext a ? a.expr(1)
                    : ((NnParser.MulExprContext) x).expr(1);
            acc = new Binary(Binary.Op.of(o.getText()), acc, visit(right), spans.of(o), spans.of(x));
        }
        return acc;
    }

    @Override
    public Expr visitPrimaryExpr(NnParser.PrimaryExprContext ctx) {
        return visit(ctx.primary());
    }

    @Override
    public Expr visitIntLiteral(NnParser.IntLiteralContext ctx) {
        String digits = ctx.getText().replace("_", "");
        long value;
        try {
            value = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE; // the checker reports it as out of range for any argument
        }
        return new IntLit(value, spans.of(ctx));
    }

    @Override
    public Expr visitFloatLiteral(NnParser.FloatLiteralContext ctx) {
        return new DoubleLit(Double.parseDouble(ctx.getText().replace("_", "")), spans.of(ctx));
    }

    @Override
    public Expr visitStringLiteral(NnParser.StringLiteralContext ctx) {
        return new StringLit(unescape(ctx.getText()), spans.of(ctx));
    }

    @Override
    public Expr visitBoolLiteral(NnParser.BoolLiteralContext ctx) {
        return new BoolLit(ctx.TRUE() != null, spans.of(ctx));
    }

    @Override
    public Expr visitRepeatBlock(NnParser.RepeatBlockContext ctx) {
        return new Repeat(block(ctx.block()), visit(ctx.count), spans.of(ctx));
    }

    @Override
    public Expr visitResidualBlock(NnParser.ResidualBlockContext ctx) {
        return new Residual(block(ctx.block()), spans.of(ctx));
    }

    @Override
    public Expr visitCall(NnParser.CallContext ctx) {
        List<Arg> args = ctx.argList() == null ? List.of() : ctx.argList().arg().stream()
                .map(a -> new Arg(Optional.ofNullable(a.name).map(org.antlr.v4.runtime.Token::getText),
                        visit(a.expr()), spans.of(a)))
                .toList();
        return new Call(ctx.name.getText(), args, spans.of(ctx.name), spans.of(ctx));
    }

    @Override
    public Expr visitNameRef(NnParser.NameRefContext ctx) {
        return new NameRef(ctx.name.getText(), spans.of(ctx));
    }

    @Override
    public Expr visitParenGroup(NnParser.ParenGroupContext ctx) {
        return visit(ctx.expr());
    }

    @Override
    public Expr visitAngleGroup(NnParser.AngleGroupContext ctx) {
        return visit(ctx.expr());
    }

    /** Strips the quotes and decodes \n, \t, \", \\ (anything else after a backslash stands for itself). */
    static String unescape(String quoted) {
        String body = quoted.substring(1, quoted.length() - 1);
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
