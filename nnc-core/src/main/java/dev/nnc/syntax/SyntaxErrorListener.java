package dev.nnc.syntax;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.syntax.antlr.NnLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns ANTLR's syntax errors into positioned diagnostics in plain words ("unexpected ')'", "expected a
 * name"), instead of ANTLR's token-set dumps. Stops collecting after {@link #MAX_ERRORS}: past that,
 * errors are echoes of the first ones.
 */
final class SyntaxErrorListener extends BaseErrorListener {

    static final int MAX_ERRORS = 20;

    private final String file;
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private boolean truncated;

    SyntaxErrorListener(String file) {
        this.file = file;
    }

    List<Diagnostic> diagnostics() {
        List<Diagnostic> out = new ArrayList<>(diagnostics);
        if (truncated) {
            Diagnostic last = diagnostics.get(diagnostics.size() - 1);
            out.add(new Diagnostic(dev.nnc.diag.Severity.NOTE, "too-many-errors",
                    "too many syntax errors; stopped after " + MAX_ERRORS, last.span(), java.util.Optional.empty()));
        }
        return out;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
                            String msg, RecognitionException e) {
        if (diagnostics.size() >= MAX_ERRORS) {
            truncated = true;
            return;
        }
        Token token = offendingSymbol instanceof Token t ? t : null;
        SourceSpan span = spanOf(token, line, charPositionInLine);
        String message;
        String hint = null;
        if (token != null && token.getType() == NnLexer.UNTERMINATED_STRING) {
            message = "unterminated string";
            hint = "close it with '\"' on the same line";
        } else if (token != null && token.getType() == NnLexer.UNTERMINATED_COMMENT) {
            message = "unterminated comment";
            hint = "close it with '*/'";
        } else if (token != null && token.getType() == NnLexer.UNKNOWN) {
            message = "unexpected character " + describeChar(token.getText());
        } else if (msg.startsWith("missing ") && recognizer instanceof Parser p) {
            message = "expected " + expected(p.getExpectedTokens()) + " before " + describe(token);
        } else {
            message = "unexpected " + describe(token);
            if (recognizer instanceof Parser p) {
                IntervalSet exp = p.getExpectedTokens();
                if (exp.size() > 0 && exp.size() <= 4) {
                    message += ", expected " + expected(exp);
                }
            }
            if (token != null && token.getType() == NnLexer.TIMES && token.getText().equals("x")) {
                hint = "'x' is reserved for repetition (<stack> x N); choose another name";
            }
        }
        if (hint == null && recognizer instanceof Parser p && token != null) {
            hint = unclosedBracket(p, token);
        }
        Diagnostic d = Diagnostic.error("syntax", span, message);
        diagnostics.add(hint == null ? d : d.withHint(hint));
    }

    private SourceSpan spanOf(Token token, int line, int col) {
        if (token == null || token.getType() == Token.EOF) {
            return new SourceSpan(file, line, col + 1, line, col + 2);
        }
        String text = token.getText();
        int len = text == null ? 1 : Math.max(1, text.indexOf('\n') >= 0 ? text.indexOf('\n') : text.length());
        return new SourceSpan(file, token.getLine(), token.getCharPositionInLine() + 1, token.getLine(),
                token.getCharPositionInLine() + 1 + len);
    }

    /**
     * When the parser wanted a closing bracket, where the bracket it would close was opened: newlines inside
     * brackets are ignored, so a forgotten ')' is only noticed lines later.
     */
    private static String unclosedBracket(Parser p, Token offending) {
        IntervalSet expected = p.getExpectedTokens();
        int close = expected.contains(NnLexer.RPAREN) ? NnLexer.RPAREN
                : expected.contains(NnLexer.RANGLE) ? NnLexer.RANGLE : -1;
        if (close < 0 || offending.getTokenIndex() < 0) {
            return null;
        }
        int open = close == NnLexer.RPAREN ? NnLexer.LPAREN : NnLexer.LANGLE;
        TokenStream tokens = p.getInputStream();
        int depth = 0;
        for (int i = Math.min(offending.getTokenIndex(), tokens.size()) - 1; i >= 0; i--) {
            int type = tokens.get(i).getType();
            if (type == close) {
                depth++;
            } else if (type == open && depth-- == 0) {
                Token t = tokens.get(i);
                return "the '" + t.getText() + "' at " + t.getLine() + ":" + (t.getCharPositionInLine() + 1)
                        + " is never closed";
            }
        }
        return null;
    }

    static String describe(Token t) {
        if (t == null || t.getType() == Token.EOF) {
            return "end of file";
        }
        if (t.getType() == NnLexer.NL) {
            return "end of line";
        }
        String text = t.getText();
        if (text.length() > 30) {
            text = text.substring(0, 27) + "...";
        }
        return "'" + text + "'";
    }

    private static String describeChar(String text) {
        int c = text.codePointAt(0);
        if (c < 0x20 || c == 0x7f || c == 0xfffd || Character.isISOControl(c)) {
            return String.format("U+%04X", c);
        }
        return "'" + text + "'";
    }

    private static String expected(IntervalSet set) {
        TreeSet<String> names = new TreeSet<>();
        for (int type : set.toArray()) {
            names.add(tokenName(type));
        }
        if (names.size() > 4) {
            return "an expression";
        }
        return String.join(" or ", names);
    }

    private static String tokenName(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NnLexer.NL -> "end of line";
            case NnLexer.ID -> "a name";
            case NnLexer.INT -> "an integer";
            case NnLexer.FLOAT -> "a number";
            case NnLexer.STRING -> "a string";
            default -> {
                String lit = NnLexer.VOCABULARY.getLiteralName(type);
                yield lit != null ? lit : NnLexer.VOCABULARY.getDisplayName(type);
            }
        };
    }
}
