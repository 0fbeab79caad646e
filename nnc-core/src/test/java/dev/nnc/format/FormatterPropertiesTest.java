package dev.nnc.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nnc.syntax.antlr.NnLexer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The formatter on random token soup (valid or not): whatever it formats keeps every token, comments
 * included, in order (only spaces and blank lines change), and formatting again changes nothing. Seeds are
 * fixed so a failure reproduces.
 */
class FormatterPropertiesTest {

    private static final List<String> TOKENS = List.of("model", "fun", "val", "import", "train", "repeat",
            "residual", "input", "affine", "relu", "x", "\u00d7", "-", "+", "*", "/", "%", "=", ",", ":", ";", "(", ")",
            "<", ">", "{", "}", "\"s.nn\"", "/* c */", "// c\n", "0", "3", "0.5", "1e-3", ".5", "true", "a", "b_1",
            "\n", "\n\n\n", "\t");

    @Property(tries = 1500, seed = "20261203")
    void keepsTokensAndIsIdempotent(@ForAll("soup") String source) {
        Optional<String> once = Formatter.format(source);
        if (once.isEmpty()) {
            return; // does not lex: left alone
        }
        assertEquals(tokens(source), tokens(once.get()), "same tokens for:\n" + source + "\n---\n" + once.get());
        assertEquals(once, Formatter.format(once.get()), "idempotent for:\n" + source);
    }

    /** Every token but spaces and newlines (which the layout owns), with its text. */
    private static List<String> tokens(String text) {
        NnLexer lexer = new NnLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<String> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            if (t.getType() != NnLexer.WS && t.getType() != NnLexer.NL) {
                out.add(lexer.getVocabulary().getSymbolicName(t.getType()) + " " + t.getText().stripTrailing());
            }
        }
        return out;
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> token = Arbitraries.of(TOKENS);
        Arbitrary<String> space = Arbitraries.of(" ", "", "  ", "\n");
        return Combinators.combine(token, space).as((t, s) -> t + s).list().ofMaxSize(60)
                .map(parts -> String.join("", parts));
    }
}
