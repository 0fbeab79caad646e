package dev.nnc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileMojoTest {

    private static final FileTime OLD = FileTime.fromMillis(946_684_800_000L); // 2000-01-01

    @TempDir
    Path dir;

    private Path out;

    @BeforeEach
    void models() throws IOException {
        out = dir.resolve("target/generated-resources/nnc");
        Projects.write(dir.resolve("src/main/nn/lib/blocks.nn"), Projects.BLOCKS);
        Projects.write(dir.resolve("src/main/nn/lib/wide.nn"), "val wide = 32\n");
        Projects.write(dir.resolve("src/main/nn/a.nn"), Projects.mlp("A", 16));
        Projects.write(dir.resolve("src/main/nn/nets/b.nn"), """
                import "../lib/wide.nn"
                model B {
                    input(4)
                    affine(wide) - relu - affine(2) - softmax
                }
                """);
    }

    @Test
    void writesTheGraphAndSummaryOfEachModelAsAResourceRoot() throws Exception {
        CompileMojo compile = run();
        assertEquals(List.of("a.json", "a.summary.txt", "nets/b.json", "nets/b.summary.txt"), outputs());
        String json = Files.readString(out.resolve("a.json"));
        assertTrue(json.contains("\"model\": \"A\""), json);
        assertTrue(Files.readString(out.resolve("nets/b.summary.txt")).contains("affine"));
        assertEquals(List.of(out.toString()),
                compile.project.getResources().stream().map(r -> r.getDirectory()).toList());
    }

    @Test
    void theArtifactsAreTheSameBytesInAnotherCheckout(@TempDir Path other) throws Exception {
        run();
        try (Stream<Path> files = Files.walk(dir.resolve("src"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Projects.write(other.resolve(dir.relativize(f)), Files.readString(f));
            }
        }
        CompileMojo elsewhere = Projects.compile(other, new RecordingBuildContext());
        elsewhere.excludes = List.of("lib/**");
        elsewhere.execute();
        for (String o : outputs()) {
            Path copy = other.resolve("target/generated-resources/nnc").resolve(o);
            assertEquals(Files.readString(out.resolve(o)), Files.readString(copy), o);
        }
        assertTrue(Files.readString(out.resolve("nets/b.json")).contains("\"file\": \"nets/b.nn\""));
    }

    @Test
    void nothingChangedMeansNothingWritten() throws Exception {
        run();
        Map<String, byte[]> before = contents();
        ageOutputs();
        RecordingBuildContext second = new RecordingBuildContext();
        run(second);
        assertAllOld();
        assertEquals(List.of(), second.refreshed, "no file written, not even the state");
        assertEquals(before.keySet(), contents().keySet());
    }

    @Test
    void anImportedFileChangedRegeneratesItsDependantsOnly() throws Exception {
        run();
        ageOutputs();
        Files.writeString(dir.resolve("src/main/nn/lib/wide.nn"), "val wide = 64\n");
        run();
        assertEquals(OLD, mtime("a.json"));
        assertEquals(OLD, mtime("a.summary.txt"));
        assertNotEquals(OLD, mtime("nets/b.json"));
        assertTrue(Files.readString(out.resolve("nets/b.json")).contains("64"));
    }

    @Test
    void aChangeThatLeavesTheOutputAloneRewritesNothing() throws Exception {
        run();
        ageOutputs();
        Files.writeString(dir.resolve("src/main/nn/lib/wide.nn"), "// the width\nval wide = 32\n");
        RecordingBuildContext second = new RecordingBuildContext();
        run(second);
        for (String o : outputs()) {
            assertEquals(OLD, mtime(o), o);
        }
        assertEquals(List.of(dir.resolve("target/nnc/compile-state.json").toFile()), second.refreshed,
                "only the new key is written");
    }

    @Test
    void overridesAndTheNncVersionArePartOfTheKey() throws Exception {
        run();
        String state = Files.readString(dir.resolve("target/nnc/compile-state.json"));
        CompileMojo other = Projects.compile(dir, new RecordingBuildContext());
        other.excludes = List.of("lib/**");
        other.overrides = new TreeMap<>(Map.of("epochs", "3"));
        other.execute();
        assertNotEquals(state, Files.readString(dir.resolve("target/nnc/compile-state.json")));
        assertTrue(Files.readString(out.resolve("a.json")).contains("\"epochs\": 3"));

        List<String> inputs = List.of(dir.resolve("src/main/nn/a.nn").toString());
        String key = CompileState.key("0.1.0", "overrides {}", "a.nn", inputs);
        assertEquals(key, CompileState.key("0.1.0", "overrides {}", "a.nn", inputs));
        assertNotEquals(key, CompileState.key("0.2.0", "overrides {}", "a.nn", inputs));
        assertNotEquals(key, CompileState.key("0.1.0", "overrides {epochs=3}", "a.nn", inputs));
    }

    @Test
    void filesWithoutModelsAreLibrariesWithoutArtifacts() throws Exception {
        CompileMojo all = Projects.compile(dir, new RecordingBuildContext());
        all.execute();
        assertEquals(List.of("a.json", "a.summary.txt", "nets/b.json", "nets/b.summary.txt"), outputs());
        Projects.write(dir.resolve("src/main/nn/lib/broken.nn"), "fun f( {\n");
        CompileMojo broken = Projects.compile(dir, new RecordingBuildContext());
        MojoFailureException e = assertThrows(MojoFailureException.class, broken::execute);
        assertTrue(e.getMessage().contains("[lib/broken.nn]"), e.getMessage());
    }

    @Test
    void aDeletedModelLosesItsOutputs() throws Exception {
        run();
        Files.delete(dir.resolve("src/main/nn/nets/b.nn"));
        run();
        assertEquals(List.of("a.json", "a.summary.txt"), outputs());
        assertFalse(Files.exists(out.resolve("nets")), "its emptied directory too");
    }

    @Test
    void aFileWithSeveralModelsGetsOutputsPerModel() throws Exception {
        Projects.write(dir.resolve("src/main/nn/nets/b.nn"), """
                model B1 {
                    input(4)
                    affine(2) - softmax
                }
                model B2 {
                    input(4)
                    affine(3) - softmax
                }
                """);
        run();
        assertEquals(List.of("a.json", "a.summary.txt", "nets/b.B1.json", "nets/b.B1.summary.txt", "nets/b.B2.json",
                "nets/b.B2.summary.txt"), outputs());
    }

    @Test
    void aBrokenModelFailsTheBuildAndIsCompiledAgainNextTime() throws Exception {
        Projects.write(dir.resolve("src/main/nn/typo.nn"), Projects.TYPO);
        CompileMojo compile = Projects.compile(dir, new RecordingBuildContext());
        compile.excludes = List.of("lib/**");
        MojoFailureException e = assertThrows(MojoFailureException.class, compile::execute);
        assertTrue(e.getMessage().contains("[typo.nn]"), e.getMessage());
        assertTrue(Files.exists(out.resolve("a.json")), "the good models' outputs are written");
        RecordingBuildContext again = new RecordingBuildContext();
        CompileMojo second = Projects.compile(dir, again);
        second.excludes = List.of("lib/**");
        assertThrows(MojoFailureException.class, second::execute);
        assertEquals(2, again.messages.size(), "reported again, not skipped as up to date");
    }

    private CompileMojo run() throws Exception {
        return run(new RecordingBuildContext());
    }

    private CompileMojo run(RecordingBuildContext context) throws Exception {
        CompileMojo m = Projects.compile(dir, context);
        m.excludes = List.of("lib/**");
        m.execute();
        return m;
    }

    private List<String> outputs() throws IOException {
        try (Stream<Path> files = Files.walk(out)) {
            return files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private Map<String, byte[]> contents() throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        for (String o : outputs()) {
            m.put(o, Files.readAllBytes(out.resolve(o)));
        }
        return m;
    }

    private void ageOutputs() throws IOException {
        for (String o : outputs()) {
            Files.setLastModifiedTime(out.resolve(o), OLD);
        }
        Files.setLastModifiedTime(dir.resolve("target/nnc/compile-state.json"), OLD);
    }

    private void assertAllOld() throws IOException {
        for (String o : outputs()) {
            assertEquals(OLD, mtime(o), o);
        }
        assertEquals(OLD, Files.getLastModifiedTime(dir.resolve("target/nnc/compile-state.json")));
    }

    private FileTime mtime(String output) throws IOException {
        return Files.getLastModifiedTime(out.resolve(output));
    }
}
