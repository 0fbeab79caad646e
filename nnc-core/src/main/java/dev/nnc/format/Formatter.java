package dev.nnc.format;

import dev.nnc.syntax.antlr.NnLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The canonical layout of a .nn file (what {@code nnc fmt} and the language server's formatting write), like
 * gofmt: it re-spaces and re-indents tokens but never moves a line break or a comment, so it cannot change
 * what the file means. Works on the lexer's tokens, comments included; the parser is not needed.
 *
 * <ul>
 *   <li>4-space indentation per open {@code { ( <}, plus one level for a line continuing after an operator;</li>
 *   <li>one space around {@code = - + * / % x} and after {@code , :}; none inside brackets, none before
 *       {@code ( } in a call, none after a unary minus;</li>
 *   <li>at most one blank line in a row, none at the start or end; trailing whitespace dropped; one final
 *       newline; trailing {@code //} comments of consecutive lines aligned one column past the longest code.</li>
 * </ul>
 * Text that does not lex cleanly (an unterminated string or comment, a stray character) is left as it is.
 */
public final class Formatter {

    private static final String INDENT = "    ";

    private Formatter() {
    }

    /** The formatted text, or empty when the text has a lexical error (the file is then left alone). */
    public static Optional<String> format(String text) {
        List<Token> tokens = lex(text);
        for (Token t : tokens) {
            int type = t.getType();
            if (type == NnLexer.UNKNOWN || type == NnLexer.UNTERMINATED_STRING
                    || type == NnLexer.UNTERMINATED_COMMENT) {
                return Optional.empty();
            }
        }
        return Optional.of(new Layout(tokens).render());
    }

    private static List<Token> lex(String text) {
        NnLexer lexer = new NnLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            if (t.getType() != NnLexer.WS) {
                out.add(t);
            }
        }
        return out;
    }

    /** One output line before comment alignment: indentation, code, and a trailing line comment if any. */
    private record Line(String indent, String code, String comment) {
    }

    private static final class Layout {

        private final List<Token> tokens;
        private final List<Line> lines = new ArrayList<>();
        /** Open brackets, by token type; a newline inside ( or < continues the line. */
        private final List<Integer> brackets = new ArrayList<>();
        private StringBuilder code = new StringBuilder();
        private String indent = "";
        private String comment = "";
        /** The last code token on the current line (null at a line start). */
        private Token prev;
        /** The last code token, across lines: decides whether a minus is unary or binary. */
        private Token lastCode;
        private boolean continuation;
        private boolean prevUnary;
        /** The last code token of the current line (comments aside): decides whether the next line continues it. */
        private Token lineLastCode;

        Layout(List<Token> tokens) {
            this.tokens = tokens;
        }

        String render() {
            for (Token t : tokens) {
                if (t.getType() == NnLexer.NL) {
                    endLine();
                } else if (t.getType() == NnLexer.LINE_COMMENT) {
                    if (code.length() == 0) {
                        startLine(t);
                        code.append(t.getText().stripTrailing());
                    } else {
                        comment = t.getText().stripTrailing();
                    }
                } else {
                    place(t);
                }
            }
            endLine();
            return join();
        }

        private void place(Token t) {
            int type = t.getType();
            if (code.length() == 0) {
                startLine(t);
            } else if (spaceBetween(prev, t)) {
                code.append(' ');
            }
            code.append(t.getText());
            if (type == NnLexer.LPAREN || type == NnLexer.LANGLE || type == NnLexer.LBRACE) {
                brackets.add(type);
            } else if ((type == NnLexer.RPAREN || type == NnLexer.RANGLE || type == NnLexer.RBRACE)
                    && !brackets.isEmpty()) {
                brackets.remove(brackets.size() - 1);
            }
            prevUnary = type == NnLexer.MINUS && (lastCode == null || !endsOperand(lastCode));
            prev = t;
            if (type != NnLexer.BLOCK_COMMENT) {
                lastCode = t;
                lineLastCode = t;
            }
        }

        /** Indentation from the brackets open at the start of the line (a closing bracket first counts out). */
        private void startLine(Token first) {
            int depth = brackets.size();
            int type = first.getType();
            if ((type == NnLexer.RPAREN || type == NnLexer.RANGLE || type == NnLexer.RBRACE) && depth > 0) {
                depth--;
            }
            boolean inBraces = brackets.isEmpty() || brackets.get(brackets.size() - 1) == NnLexer.LBRACE;
            if (continuation && inBraces && type != NnLexer.LBRACE) {
                depth++;
            }
            indent = INDENT.repeat(depth);
        }

        private void endLine() {
            lines.add(new Line(indent, code.toString(), comment));
            continuation = lineLastCode != null ? continues(lineLastCode) : continuation;
            lineLastCode = null;
            code = new StringBuilder();
            comment = "";
            indent = "";
            prev = null;
        }

        /** Whether a line ending in {@code t} goes on (the newline filter drops the newline after it). */
        private boolean continues(Token t) {
            return switch (t.getType()) {
                case NnLexer.MINUS, NnLexer.PLUS, NnLexer.STAR, NnLexer.SLASH, NnLexer.PERCENT, NnLexer.ASSIGN,
                     NnLexer.COMMA, NnLexer.TIMES -> true;
                default -> false;
            };
        }

        private boolean spaceBetween(Token a, Token b) {
            if (a == null) {
                return false;
            }
            int x = a.getType();
            int y = b.getType();
            if (x == NnLexer.BLOCK_COMMENT || y == NnLexer.BLOCK_COMMENT) {
                return true;
            }
            if (x == NnLexer.LPAREN || x == NnLexer.LANGLE) {
                return false;
            }
            if (y == NnLexer.RPAREN || y == NnLexer.RANGLE || y == NnLexer.COMMA || y == NnLexer.COLON
                    || y == NnLexer.SEMI) {
                return false;
            }
            if (y == NnLexer.LPAREN && (x == NnLexer.ID || x == NnLexer.REPEAT)) {
                return false; // a call, a fun or model declaration, repeat(n)
            }
            if (x == NnLexer.MINUS && prevUnary) {
                return false;
            }
            return true;
        }

        /** Whether {@code t} can end an operand, so that a minus after it is binary. */
        private static boolean endsOperand(Token t) {
            return switch (t.getType()) {
                case NnLexer.ID, NnLexer.INT, NnLexer.FLOAT, NnLexer.STRING, NnLexer.TRUE, NnLexer.FALSE,
                     NnLexer.RPAREN, NnLexer.RANGLE, NnLexer.RBRACE -> true;
                default -> false;
            };
        }

        private String join() {
            // Blank lines: none at the ends, at most one in a row.
            List<Line> kept = new ArrayList<>();
            for (Line l : lines) {
                boolean blank = l.code.isEmpty() && l.comment.isEmpty();
                if (blank && (kept.isEmpty() || isBlank(kept.get(kept.size() - 1)))) {
                    continue;
                }
                kept.add(blank ? new Line("", "", "") : l);
            }
            while (!kept.isEmpty() && isBlank(kept.get(kept.size() - 1))) {
                kept.remove(kept.size() - 1);
            }
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < kept.size()) {
                if (kept.get(i).comment.isEmpty()) {
                    Line l = kept.get(i++);
                    out.append(l.indent).append(l.code).append('\n');
                    continue;
                }
                // A run of consecutive lines with trailing comments: align the comments.
                int j = i;
                int width = 0;
                while (j < kept.size() && !kept.get(j).comment.isEmpty()) {
                    Line l = kept.get(j++);
                    width = Math.max(width, l.indent.length() + l.code.codePointCount(0, l.code.length()));
                }
                for (int k = i; k < j; k++) {
                    Line l = kept.get(k);
                    int w = l.indent.length() + l.code.codePointCount(0, l.code.length());
                    out.append(l.indent).append(l.code).append(" ".repeat(width - w + 1)).append(l.comment)
                            .append('\n');
                }
                i = j;
            }
            return out.toString();
        }

        private static boolean isBlank(Line l) {
            return l.code.isEmpty() && l.comment.isEmpty();
        }
    }
}
