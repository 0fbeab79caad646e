package dev.nnc.syntax;

import dev.nnc.syntax.antlr.NnLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Pair;
import org.antlr.v4.runtime.TokenSource;

/**
 * The generated lexer with block comments scanned by hand: a recursive ANTLR rule for nested comments
 * backtracks, which took 51 s on 1,000 nested openers. Here a comment is one left-to-right pass with a depth
 * counter, linear in its length. Nesting deeper than {@link SourceParser#MAX_NESTING} is recorded for the parser
 * facade to report, as deep brackets are.
 */
final class CommentLexer extends NnLexer {

    private Token tooDeep;

    CommentLexer(CharStream input) {
        super(input);
    }

    /** The opener of the first comment nested too deeply, or null. */
    Token tooDeepComment() {
        return tooDeep;
    }

    @Override
    public Token nextToken() {
        if (_input.LA(1) != '/' || _input.LA(2) != '*') {
            return super.nextToken();
        }
        int start = _input.index();
        int line = getLine();
        int column = getCharPositionInLine();
        int depth = 0;
        int type = UNTERMINATED_COMMENT;
        int channel = Token.DEFAULT_CHANNEL;
        while (_input.LA(1) != CharStream.EOF) {
            if (_input.LA(1) == '/' && _input.LA(2) == '*') {
                depth++;
                if (depth > SourceParser.MAX_NESTING && tooDeep == null) {
                    tooDeep = _factory.create(new Pair<TokenSource, CharStream>(this, _input), BLOCK_COMMENT, null,
                            Token.HIDDEN_CHANNEL, _input.index(), _input.index() + 1, getLine(),
                            getCharPositionInLine());
                }
                consume(2);
            } else if (_input.LA(1) == '*' && _input.LA(2) == '/') {
                consume(2);
                if (--depth == 0) {
                    type = BLOCK_COMMENT;
                    channel = Token.HIDDEN_CHANNEL;
                    break;
                }
            } else {
                consume(1);
            }
        }
        Token t = _factory.create(new Pair<TokenSource, CharStream>(this, _input), type, null, channel, start,
                _input.index() - 1, line, column);
        // the generated lexer starts its next token where the input now stands
        return t;
    }

    private void consume(int n) {
        for (int i = 0; i < n; i++) {
            getInterpreter().consume(_input);
        }
    }
}
