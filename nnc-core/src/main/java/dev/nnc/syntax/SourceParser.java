package dev.nnc.syntax;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.syntax.antlr.NnParser;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The parser facade: text in, AST or diagnostics out, never an exception. Parses with ANTLR's fast SLL
 * mode first and falls back to full LL (which also recovers, so one run reports several errors) only when
 * SLL fails. Nesting is capped before ANTLR's recursive descent could overflow the stack.
 */
public final class SourceParser {

    /** Brackets deeper than this are refused: no real model nests anywhere near it. */
    public static final int MAX_NESTING = 200;

    /** Longer names are refused: they only make did-you-mean and diagnostics slow. */
    public static final int MAX_NAME_LENGTH = 256;

    private SourceParser() {
    }

    public static ParseResult parse(SourceText source) {
        try {
            return parseChecked(source);
        } catch (StackOverflowError e) {
            return new ParseResult(Optional.empty(), List.of(Diagnostic.error("too-deep",
                    SourceSpan.ofFile(source.path()), "input is nested too deeply to parse")));
        }
    }

    /** Parses one expression (the value of a {@code --set key=value}); empty after reporting errors. */
    public static java.util.Optional<dev.nnc.syntax.ast.Expr> parseExpression(SourceText source,
                                                                           List<Diagnostic> errors) {
        CommentLexer lexer = new CommentLexer(CharStreams.fromString(source.text(), source.path()));
        lexer.removeErrorListeners();
        NnParser parser = new NnParser(new CommonTokenStream(new NewlineFilter(lexer)));
        parser.removeErrorListeners();
        SyntaxErrorListener listener = new SyntaxErrorListener(source.path());
        parser.addErrorListener(listener);
        try {
            NnParser.StandaloneExprContext tree = parser.standaloneExpr();
            if (!listener.diagnostics().isEmpty()) {
                errors.addAll(listener.diagnostics());
                return Optional.empty();
            }
            return Optional.of(new ExprBuilder(new Spans(source.path())).visit(tree.expr()));
        } catch (StackOverflowError e) {
            errors.add(Diagnostic.error("too-deep", SourceSpan.ofFile(source.path()), "value is nested too deeply"));
            return Optional.empty();
        }
    }

    private static ParseResult parseChecked(SourceText source) {
        CommentLexer lexer = new CommentLexer(CharStreams.fromString(source.text(), source.path()));
        lexer.removeErrorListeners();
        NewlineFilter filter = new NewlineFilter(lexer);
        CommonTokenStream tokens = new CommonTokenStream(filter);
        tokens.fill();
        if (lexer.tooDeepComment() != null) {
            Token t = lexer.tooDeepComment();
            SourceSpan at = new SourceSpan(source.path(), t.getLine(), t.getCharPositionInLine() + 1, t.getLine(),
                    t.getCharPositionInLine() + 3);
            return new ParseResult(Optional.empty(), List.of(Diagnostic.error("too-deep", at,
                    "block comments are nested more than " + MAX_NESTING + " levels deep")));
        }
        for (Token t : tokens.getTokens()) {
            if (t.getType() == dev.nnc.syntax.antlr.NnLexer.ID && t.getStopIndex() - t.getStartIndex() >= MAX_NAME_LENGTH) {
                SourceSpan at = new SourceSpan(source.path(), t.getLine(), t.getCharPositionInLine() + 1, t.getLine(),
                        t.getCharPositionInLine() + 2);
                return new ParseResult(Optional.empty(), List.of(Diagnostic.error("name-too-long", at,
                        "a name of " + (t.getStopIndex() - t.getStartIndex() + 1) + " characters; the limit is "
                                + MAX_NAME_LENGTH)));
            }
        }
        if (filter.maxDepth() > MAX_NESTING) {
            Token t = filter.deepest();
            SourceSpan at = new SourceSpan(source.path(), t.getLine(), t.getCharPositionInLine() + 1, t.getLine(),
                    t.getCharPositionInLine() + 2);
            return new ParseResult(Optional.empty(), List.of(Diagnostic.error("too-deep", at,
                    "brackets are nested more than " + MAX_NESTING + " levels deep")));
        }

        NnParser parser = new NnParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        NnParser.FileContext tree;
        try {
            tree = parser.file();
        } catch (ParseCancellationException e) {
            tokens.seek(0);
            parser.reset();
            SyntaxErrorListener errors = new SyntaxErrorListener(source.path());
            parser.addErrorListener(errors);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            tree = parser.file();
            if (!errors.diagnostics().isEmpty()) {
                return new ParseResult(Optional.empty(), errors.diagnostics());
            }
        }
        return new ParseResult(Optional.of(new AstBuilder(source.path()).file(tree)), List.of());
    }
}
