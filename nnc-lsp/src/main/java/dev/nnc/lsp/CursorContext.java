package dev.nnc.lsp;

import dev.nnc.syntax.antlr.NnLexer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * Where the cursor is, read from the tokens before it (the text being typed rarely parses): inside which
 * call's parentheses and at which argument, inside a {@code train { }} block, after which {@code key =}.
 *
 * @param call     the name before the innermost open {@code (}, or null
 * @param argIndex commas before the cursor inside that call
 * @param argName  the {@code name =} the current argument started with, or null
 * @param inTrain  inside a train block (and not inside a call)
 * @param trainKey in a train block, the key whose value is being typed ({@code optimizer = ad|}), or null
 * @param prefix   the identifier characters just before the cursor
 */
record CursorContext(String call, int argIndex, String argName, boolean inTrain, String trainKey, String prefix) {

    private record Open(int type, String name, boolean train) {
    }

    static CursorContext at(String text, int offset) {
        String before = text.substring(0, Math.min(offset, text.length()));
        NnLexer lexer = new NnLexer(CharStreams.fromString(before));
        lexer.removeErrorListeners();
        Deque<Open> open = new ArrayDeque<>();
        int args = 0;
        String argName = null;
        Token prev = null;
        String lastKey = null;
        boolean sawAssign = false;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            int type = t.getType();
            if (type == NnLexer.LPAREN) {
                String name = prev != null && (prev.getType() == NnLexer.ID) ? prev.getText() : null;
                open.push(new Open(type, name, false));
                args = 0;
                argName = null;
            } else if (type == NnLexer.LBRACE) {
                open.push(new Open(type, null, prev != null && prev.getType() == NnLexer.TRAIN));
                lastKey = null;
                sawAssign = false;
            } else if (type == NnLexer.LANGLE) {
                open.push(new Open(type, null, false));
            } else if ((type == NnLexer.RPAREN || type == NnLexer.RBRACE || type == NnLexer.RANGLE) && !open.isEmpty()) {
                open.pop();
                args = 0;
                argName = null;
            } else if (type == NnLexer.COMMA) {
                args++;
                argName = null;
            } else if (type == NnLexer.NL || type == NnLexer.SEMI) {
                if (!open.isEmpty() && open.peek().type() == NnLexer.LBRACE) {
                    lastKey = null;
                    sawAssign = false;
                }
            } else if (type == NnLexer.ASSIGN && prev != null && prev.getType() == NnLexer.ID) {
                if (!open.isEmpty() && open.peek().type() == NnLexer.LPAREN) {
                    argName = prev.getText();
                } else {
                    lastKey = prev.getText();
                    sawAssign = true;
                }
            }
            prev = t;
        }
        int i = before.length();
        while (i > 0 && (Character.isLetterOrDigit(before.charAt(i - 1)) || before.charAt(i - 1) == '_')) {
            i--;
        }
        String prefix = before.substring(i);
        Open top = open.peek();
        String call = top != null && top.type() == NnLexer.LPAREN ? top.name() : null;
        boolean inTrain = top != null && top.type() == NnLexer.LBRACE && top.train();
        return new CursorContext(call, args, argName, inTrain, inTrain && sawAssign ? lastKey : null, prefix);
    }
}
