package dev.nnc.syntax;

import dev.nnc.syntax.antlr.NnLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;

/**
 * Decides which newlines end a statement, so the grammar stays free of NL noise. A newline is dropped
 * <ul>
 *   <li>inside {@code ( )} and {@code < >} (but not inside a {@code { }} nested in them);</li>
 *   <li>after a token that cannot end an expression ({@code - + * / % = , x ( <});</li>
 *   <li>before a {@code {}, so a brace may open on the next line;</li>
 *   <li>after another separator ({@code ;} or newline) or at the start of the file.</li>
 * </ul>
 * The last rule also drops a {@code ;} after a separator. The grammar allows any number of separators there,
 * so nothing changes for it, but a run of a million blank lines reaches it as one token: ANTLR's prediction
 * looked through the whole run at each of them, quadratic in its length.
 * It also measures bracket nesting, which the parser facade caps before ANTLR's recursive descent does.
 */
final class NewlineFilter implements TokenSource {

    private final TokenSource source;
    private final Deque<Integer> brackets = new ArrayDeque<>();
    private final Deque<Token> pending = new ArrayDeque<>();
    private int lastType = Token.INVALID_TYPE;
    private int maxDepth;
    private Token deepest;

    NewlineFilter(TokenSource source) {
        this.source = source;
    }

    int maxDepth() {
        return maxDepth;
    }

    /** The bracket at which nesting was deepest. */
    Token deepest() {
        return deepest;
    }

    @Override
    public Token nextToken() {
        while (true) {
            Token t = pending.isEmpty() ? source.nextToken() : pending.poll();
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                return t;
            }
            if (isSeparator(t.getType()) && (lastType == Token.INVALID_TYPE || isSeparator(lastType))) {
                continue;
            }
            if (t.getType() == NnLexer.NL) {
                if (insideParens() || continuesAfter(lastType)) {
                    continue;
                }
                if (peekPastNewlines().getType() == NnLexer.LBRACE) {
                    pending.removeIf(p -> p.getType() == NnLexer.NL); // all of them: the brace opens the block
                    continue;
                }
            }
            track(t);
            lastType = t.getType();
            return t;
        }
    }

    /** Reads ahead past newlines and comments; the tokens read are replayed afterwards. */
    private Token peekPastNewlines() {
        for (Token p : pending) {
            if (!skippable(p)) {
                return p;
            }
        }
        Token t;
        do {
            t = source.nextToken();
            pending.add(t);
        } while (skippable(t));
        return t;
    }

    private static boolean skippable(Token t) {
        return t.getType() == NnLexer.NL || t.getChannel() != Token.DEFAULT_CHANNEL;
    }

    private static boolean isSeparator(int type) {
        return type == NnLexer.NL || type == NnLexer.SEMI;
    }

    private boolean insideParens() {
        Integer top = brackets.peek();
        return top != null && top != NnLexer.LBRACE;
    }

    private static boolean continuesAfter(int type) {
        return switch (type) {
            case NnLexer.MINUS, NnLexer.PLUS, NnLexer.STAR, NnLexer.SLASH, NnLexer.PERCENT, NnLexer.ASSIGN,
                    NnLexer.COMMA, NnLexer.TIMES, NnLexer.LPAREN, NnLexer.LANGLE -> true;
            default -> false;
        };
    }

    private void track(Token t) {
        switch (t.getType()) {
            case NnLexer.LPAREN, NnLexer.LANGLE, NnLexer.LBRACE -> {
                brackets.push(t.getType());
                if (brackets.size() > maxDepth) {
                    maxDepth = brackets.size();
                    deepest = t;
                }
            }
            case NnLexer.RPAREN -> popIf(NnLexer.LPAREN);
            case NnLexer.RANGLE -> popIf(NnLexer.LANGLE);
            case NnLexer.RBRACE -> popIf(NnLexer.LBRACE);
            default -> { }
        }
    }

    private void popIf(int open) {
        if (!brackets.isEmpty() && brackets.peek() == open) {
            brackets.pop();
        }
    }

    @Override
    public int getLine() {
        return source.getLine();
    }

    @Override
    public int getCharPositionInLine() {
        return source.getCharPositionInLine();
    }

    @Override
    public CharStream getInputStream() {
        return source.getInputStream();
    }

    @Override
    public String getSourceName() {
        return source.getSourceName();
    }

    @Override
    public void setTokenFactory(TokenFactory<?> factory) {
        source.setTokenFactory(factory);
    }

    @Override
    public TokenFactory<?> getTokenFactory() {
        return source.getTokenFactory();
    }
}
