package dev.nnc.syntax;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzing the whole front end: mutated example models, random token soup and random bytes all end in a
 * {@link dev.nnc.api.CompileResult} (never an exception, a dead compiler thread or a hang). Seeds are
 * fixed so a failure reproduces; raise the tries locally to search harder.
 */
class FuzzPropertiesTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    /** Tokens and fragments that matter to the grammar, the token filter and the checker. */
    private static final List<String> TOKENS = List.of("model", "fun", "val", "import", "train", "repeat",
            "residual", "input", "affine", "conv", "maxpool", "relu", "batchnorm", "dropout", "softmax", "svm", "mse",
            "flatten", "x", "\u00d7", "-", "+", "*", "/", "%", "=", ",", ":", ";", "(", ")", "<", ">", "{", "}",
            "\n", "\"", "\"s.nn\"", "/*", "*/", "//", "0", "1", "3", "-1", "0.5", "1e309", "1e-3", "99999999999999999999",
            "2147483648", "Int", "Double", "Boolean", "Stack", "true", "false", "a", "b", "depth", "width", "lr",
            "data", "optimizer", "adam", "fashionMnist", "epochs", "earlyStop", "precision", "float64", "he",
            "normal", "p", "units", "_", "\u0000", "\t", "\r\n", "\\");

    private static final List<String> CORPUS = corpus();

    private static List<String> corpus() {
        List<String> texts = new ArrayList<>();
        for (Path dir : List.of(Path.of("models"), Path.of("nnc-core/src/test/resources/golden"))) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".nn")).sorted().toList()) {
                    texts.add(Files.readString(f));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(texts);
    }

    @Property(tries = 400, seed = "20240601")
    void mutatedModelsCompileToAResult(@ForAll("mutated") String source) {
        CompileSafely.compile(source, LIMIT);
    }

    /**
     * Runs of blank lines, comment lines and nested comments where a model has a newline change nothing: the
     * token filter folds separators (so that a million blank lines parse in linear time) without changing what
     * parses, and the hand-written comment scanner agrees with the grammar.
     */
    @Property(tries = 60, seed = "20240604")
    void extraBlankLinesAndCommentsChangeNothing(@ForAll("corpusIndex") int index, @ForAll("padding") String pad) {
        String original = CORPUS.get(index);
        String padded = original.replace("\n", "\n" + pad);
        dev.nnc.api.CompileResult a = CompileSafely.compile(original, LIMIT);
        dev.nnc.api.CompileResult b = CompileSafely.compile(padded, LIMIT);
        org.junit.jupiter.api.Assertions.assertEquals(codes(a), codes(b), padded);
        org.junit.jupiter.api.Assertions.assertEquals(a.model().map(m -> dev.nnc.graph.GraphHash.of(m.graph())),
                b.model().map(m -> dev.nnc.graph.GraphHash.of(m.graph())), padded);
    }

    private static List<String> codes(dev.nnc.api.CompileResult r) {
        return r.diagnostics().stream().map(dev.nnc.diag.Diagnostic::code).toList();
    }

    @Provide
    Arbitrary<Integer> corpusIndex() {
        return Arbitraries.integers().between(0, CORPUS.size() - 1);
    }

    @Provide
    Arbitrary<String> padding() {
        return Arbitraries.of("\n", "   \n", "// note\n", "/* a /* nested */ comment */\n", "/* spans\n lines */\n",
                "\r\n").list().ofMaxSize(6).map(l -> String.join("", l));
    }

    @Property(tries = 400, seed = "20240602")
    void tokenSoupCompilesToAResult(@ForAll("soup") String source) {
        CompileSafely.compile(source, LIMIT);
    }

    @Property(tries = 300, seed = "20240603")
    void randomBytesCompileToAResult(@ForAll("bytes") byte[] bytes) {
        CompileSafely.compile(new String(bytes, StandardCharsets.UTF_8), LIMIT);
    }

    @Provide
    Arbitrary<String> mutated() {
        return Combinators.combine(Arbitraries.of(CORPUS), Arbitraries.randoms(), Arbitraries.integers().between(1, 6))
                .as(FuzzPropertiesTest::mutate);
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> token = Arbitraries.of(TOKENS);
        Arbitrary<String> space = Arbitraries.of(" ", "", "\n");
        return Combinators.combine(token, space).as((t, s) -> t + s).list().ofMaxSize(80)
                .map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    }

    /** Applies {@code edits} random edits: delete, insert a character or a token, swap, duplicate, truncate. */
    static String mutate(String source, Random random, int edits) {
        StringBuilder sb = new StringBuilder(source);
        for (int i = 0; i < edits && sb.length() > 0; i++) {
            int at = random.nextInt(sb.length());
            int len = 1 + random.nextInt(Math.min(12, sb.length() - at));
            switch (random.nextInt(7)) {
                case 0 -> sb.delete(at, at + len);
                case 1 -> sb.insert(at, TOKENS.get(random.nextInt(TOKENS.size())));
                case 2 -> sb.insert(at, (char) (random.nextBoolean() ? random.nextInt(128) : random.nextInt(0x3000)));
                case 3 -> {
                    int other = random.nextInt(sb.length());
                    char c = sb.charAt(at);
                    sb.setCharAt(at, sb.charAt(other));
                    sb.setCharAt(other, c);
                }
                case 4 -> sb.insert(at, sb.substring(at, at + len));
                case 5 -> sb.replace(at, at + len, TOKENS.get(random.nextInt(TOKENS.size())));
                default -> sb.setLength(at);
            }
        }
        return sb.toString();
    }
}
