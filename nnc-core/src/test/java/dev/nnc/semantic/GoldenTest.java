package dev.nnc.semantic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.syntax.ast.ModelDecl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: each {@code nnc-core/src/test/resources/golden/*.nn} compiles, and the text form of its lowered graph
 * ({@link GraphText}) equals the sibling {@code .expected} file. A file with several models compiles each in
 * turn. A first line {@code // options: --model M --set key=value ...} passes compile options.
 *
 * <p>To regenerate after an intended change: {@code mvn test -Dtest=GoldenTest -Dgolden.update=true}, then
 * review every changed .expected file by hand against docs/language.md — they are the specification, not a
 * snapshot of whatever the code does.
 */
class GoldenTest {

    static final Path DIR = Path.of("nnc-core/src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".nn")).sorted().toList();
        }
        assertTrue(files.size() >= 10, "golden files found in " + DIR.toAbsolutePath());
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) throws IOException {
        String actual = compileAll(file);
        Path expectedFile = DIR.resolve(file.getFileName().toString().replace(".nn", ".expected"));
        if (UPDATE) {
            Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
            return;
        }
        assertTrue(Files.exists(expectedFile), "no " + expectedFile + "; run with -Dgolden.update=true and review it");
        assertEquals(Files.readString(expectedFile, StandardCharsets.UTF_8), actual, file.toString());
    }

    /** Every model of the file (or the one its options name), as text; diagnostics would fail the test. */
    static String compileAll(Path file) throws IOException {
        CompileOptions options = options(Files.readString(file, StandardCharsets.UTF_8));
        List<String> models = new ArrayList<>();
        if (options.model().isPresent()) {
            models.add(options.model().get());
        } else {
            Program p = new ProgramLoader(new Reporter()).loadFile(file).orElseThrow();
            p.mainModels().stream().map(ModelDecl::name).forEach(models::add);
        }
        StringBuilder out = new StringBuilder();
        for (String m : models) {
            CompileResult r = Nnc.compile(file, options.withModel(m));
            assertEquals("", r.render(), file + " model " + m + " compiles without any diagnostic");
            out.append(out.length() == 0 ? "" : "\n").append(GraphText.of(r.orThrow().graph()));
        }
        return out.toString();
    }

    private static CompileOptions options(String source) {
        CompileOptions o = CompileOptions.defaults();
        String first = source.lines().findFirst().orElse("");
        if (!first.startsWith("// options:")) {
            return o;
        }
        String[] words = first.substring("// options:".length()).trim().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            if (words[i].equals("--model")) {
                o = o.withModel(words[++i]);
            } else if (words[i].equals("--set")) {
                String[] kv = words[++i].split("=", 2);
                o = o.with(kv[0], kv[1]);
            } else {
                throw new IllegalArgumentException("unknown option " + words[i] + " in " + first);
            }
        }
        return o;
    }

    private static String graphOf(String file) throws IOException {
        return compileAll(DIR.resolve(file));
    }

    /** docs/language.md §1: the chained body and the builder body compile to the same graph. */
    @Test
    void theTwoMlpBodiesOfTheBriefAreTheSameGraph() throws IOException {
        assertEquals(graphOf("mlp_chain.nn"), graphOf("mlp_builder.nn"));
    }

    /** {@code <...> x N}, {@code (...) x N}, {@code ×} and {@code repeat(N) { }} are one construct. */
    @Test
    void everyRepetitionFormIsTheSameGraph() throws IOException {
        String angle = graphOf("repeat_angle.nn");
        assertEquals(angle, graphOf("repeat_paren.nn"));
        assertEquals(angle, graphOf("repeat_times_sign.nn"));
        assertEquals(angle, graphOf("repeat_block.nn"));
    }
}
