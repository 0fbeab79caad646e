package dev.nnc.syntax;

import dev.nnc.syntax.antlr.NnParser;
import dev.nnc.syntax.ast.Decl;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.FunDecl;
import dev.nnc.syntax.ast.ImportDecl;
import dev.nnc.syntax.ast.ModelDecl;
import dev.nnc.syntax.ast.NnFile;
import dev.nnc.syntax.ast.Param;
import dev.nnc.syntax.ast.Setting;
import dev.nnc.syntax.ast.SweepBlock;
import dev.nnc.syntax.ast.TrainBlock;
import dev.nnc.syntax.ast.ValDecl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parse tree to AST for declarations (Trino's AstBuilder idea, split by grammar area: expressions are in
 * {@link ExprBuilder}). Runs only on trees without syntax errors.
 */
final class AstBuilder {

    private final String path;
    private final Spans spans;
    private final ExprBuilder exprs;

    AstBuilder(String path) {
        this.path = path;
        this.spans = new Spans(path);
        this.exprs = new ExprBuilder(spans);
    }

    NnFile file(NnParser.FileContext ctx) {
        return new NnFile(path, ctx.declaration().stream().map(this::declaration).toList());
    }

    private Decl declaration(NnParser.DeclarationContext ctx) {
        if (ctx instanceof NnParser.ImportDeclContext c) {
            return new ImportDecl(ExprBuilder.unescape(c.STRING().getText()), spans.of(c));
        } else if (ctx instanceof NnParser.ValDeclContext c) {
            return new ValDecl(c.name.getText(), exprs.visit(c.expr()), spans.of(c.name), spans.of(c));
        } else if (ctx instanceof NnParser.FunDeclContext c) {
            Expr body = c.block() != null ? exprs.block(c.block()) : exprs.visit(c.expr());
            return new FunDecl(c.name.getText(), params(c.paramList()), body, spans.of(c.name), spans.of(c));
        }
        NnParser.ModelDeclContext c = (NnParser.ModelDeclContext) ctx;
        List<Expr> lines = new ArrayList<>();
        List<TrainBlock> trains = new ArrayList<>();
        List<SweepBlock> sweeps = new ArrayList<>();
        for (NnParser.ModelLineContext line : c.modelBody().modelLine()) {
            if (line instanceof NnParser.TrainBlockContext t) {
                trains.add(new TrainBlock(t.setting().stream().map(this::setting).toList(), spans.of(t)));
            } else if (line instanceof NnParser.SweepBlockContext w) {
                sweeps.add(new SweepBlock(w.setting().stream().map(this::setting).toList(), spans.of(w)));
            } else {
                lines.add(exprs.visit(((NnParser.StackLineContext) line).expr()));
            }
        }
        return new ModelDecl(c.name.getText(), params(c.paramList()), lines, trains, spans.of(c.name), spans.of(c),
                sweeps);
    }

    private List<Param> params(NnParser.ParamListContext ctx) {
        if (ctx == null) {
            return List.of();
        }
        return ctx.param().stream()
                .map(p -> new Param(p.name.getText(), p.type.getText(), Optional.ofNullable(p.expr()).map(exprs::visit),
                        spans.of(p.type), spans.of(p)))
                .toList();
    }

    private Setting setting(NnParser.SettingContext ctx) {
        return new Setting(ctx.key.getText(), exprs.visit(ctx.expr()), spans.of(ctx.key), spans.of(ctx));
    }
}
