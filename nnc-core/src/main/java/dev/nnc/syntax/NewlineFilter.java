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
 *   <li>inside {@code ( )}, {@code [ ]} and {@code < >} (but not inside a {@code { }} nested in them);</li>
 *   <li>after a token that cannot end an expression ({@code - + * / % = , x ( <});</li>
 *   <li>before a {@code {}, so a brace may open on the next line.</li>
 * </ul>
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
            if (t.getType() == NnLexer.NL) {
                if (insideParens() || continuesAfter(lastType)) {
                    continue;
                }
                Token next = peekPastNewlines();
                if (next.getType() == NnLexer.LBRACE) {
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
        Deque<Token> seen = new ArrayDeque<>();
        Token t;
        do {
            t = source.nextToken();
            seen.add(t);
        } while (t.getType() == NnLexer.NL || t.getChannel() != Token.DEFAULT_CHANNEL);
        pending.addAll(seen);
        return t;
    }

    private boolean insideParens() {
        Integer top = brackets.peek();
        return top != null && top != NnLexer.LBRACE;
    }

    private static boolean continuesAfter(int type) {
        return switch (type) {
            case NnLexer.MINUS, NnLexer.PLUS, NnLexer.STAR, NnLexer.SLASH, NnLexer.PERCENT, NnLexer.ASSIGN,
                    NnLexer.COMMA, NnLexer.TIMES, NnLexer.LPAREN, NnLexer.LANGLE, NnLexer.LBRACK -> true;
            default -> false;
        };
    }

    private void track(Token t) {
        switch (t.getType()) {
            case NnLexer.LPAREN, NnLexer.LANGLE, NnLexer.LBRACK, NnLexer.LBRACE -> {
                brackets.push(t.getType());
                if (brackets.size() > maxDepth) {
                    maxDepth = brackets.size();
                    deepest = t;
                }
            }
            case NnLexer.RPAREN -> popIf(NnLexer.LPAREN);
            case NnLexer.RANGLE -> popIf(NnLexer.LANGLE);
            case NnLexer.RBRACK -> popIf(NnLexer.LBRACK);
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
