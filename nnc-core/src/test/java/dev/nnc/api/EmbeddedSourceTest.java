package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.ModelSource;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.CheckpointException;
import dev.nnc.train.CheckpointMeta;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Nnc#compileCheckpoint}: the embedded source compiles with the confinement and limits of files on disk,
 * imports resolve among the embedded files only, and diagnostics point into the embedded file they concern.
 */
class EmbeddedSourceTest {

    @TempDir
    Path dir;

    private static final String MAIN = """
            import "lib/blocks.nn"
            model M(width: Int = 4) {
                input(3)
                hidden(width) - affine(2) - softmax
            }
            """;

    private Path checkpoint(Map<String, String> files, Map<String, String> overrides) {
        Path file = dir.resolve("m" + files.hashCode() + ".safetensors");
        ModelSource source = new ModelSource(files.keySet().iterator().next(), files, overrides);
        Checkpoint.save(file, new CheckpointMeta("M", "sha256:x", "{}", 0, 0, Double.NaN, OptionalLong.of(1),
                Optional.of(source), OptionalInt.empty()), List.of(), null);
        return file;
    }

    private static Map<String, String> files(String... pathsAndTexts) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndTexts.length; i += 2) {
            m.put(pathsAndTexts[i], pathsAndTexts[i + 1]);
        }
        return m;
    }

    @Test
    void compilesFromTheEmbeddedFilesWithTheRecordedOverrides() {
        Path ckpt = checkpoint(files("proj/m.nn", MAIN, "proj/lib/blocks.nn", "fun hidden(n: Int) = affine(n) - relu\n"),
                Map.of("width", "6"));
        CompileResult r = Nnc.compileCheckpoint(ckpt, CompileOptions.defaults());
        assertTrue(r.ok(), r.render());
        assertEquals(6 * 3 + 6, r.model().get().graph().nodes().stream()
                .filter(n -> n.name().equals("affine_1")).findFirst().orElseThrow().params().stream()
                .mapToLong(p -> p.shape().size()).sum());
        assertEquals(Map.of("width", "6"), r.model().get().source().orElseThrow().overrides());
        CompileResult wider = Nnc.compileCheckpoint(ckpt, CompileOptions.defaults().with("width", "8"));
        assertTrue(wider.ok(), wider.render());
        assertEquals(Map.of("width", "8"), wider.model().get().source().orElseThrow().overrides());
    }

    @Test
    void anImportThatIsNotEmbeddedIsNotReadFromDisk() throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Files.writeString(dir.resolve("lib/blocks.nn"), "fun hidden(n: Int) = affine(n) - relu\n");
        Path main = dir.resolve("m.nn");
        CompileResult r = Nnc.compileCheckpoint(checkpoint(files(main.toString(), MAIN), Map.of()),
                CompileOptions.defaults());
        assertFalse(r.ok());
        assertTrue(r.render().contains("it is not part of the embedded source"), r.render());
    }

    @Test
    void anImportLeavingTheMainFilesDirectoryIsRefusedAsOnDisk() {
        String main = MAIN.replace("lib/blocks.nn", "../blocks.nn");
        CompileResult r = Nnc.compileCheckpoint(checkpoint(files("proj/m.nn", main, "blocks.nn",
                "fun hidden(n: Int) = affine(n)\n"), Map.of()), CompileOptions.defaults());
        assertFalse(r.ok());
        assertTrue(r.render().contains("leaves the project directory"), r.render());
    }

    @Test
    void diagnosticsPointIntoTheEmbeddedFileTheyConcern() {
        Path ckpt = checkpoint(files("proj/m.nn", MAIN, "proj/lib/blocks.nn",
                "fun hidden(n: Int) = affine(n) - rleu\n"), Map.of());
        CompileResult r = Nnc.compileCheckpoint(ckpt, CompileOptions.defaults());
        assertFalse(r.ok());
        assertTrue(r.render().contains(Path.of("proj/lib/blocks.nn") + ":1:"), r.render());
        assertTrue(r.render().contains("rleu"), r.render());
    }

    @Test
    void anEmbeddedFileOverTheSizeLimitIsRefused() {
        String huge = MAIN + "// " + "x".repeat(1 << 20) + "\n";
        CompileResult r = Nnc.compileCheckpoint(checkpoint(files("proj/m.nn", huge), Map.of()),
                CompileOptions.defaults());
        assertFalse(r.ok());
        assertTrue(r.render().contains("larger than 1048576 bytes"), r.render());
    }

    @Test
    void aCheckpointWithoutSourceIsAClearError() {
        Path old = dir.resolve("old.safetensors");
        Checkpoint.save(old, new CheckpointMeta("M", "sha256:x", "{}", 0, 0, Double.NaN), List.of(), null);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> Nnc.compileCheckpoint(old, CompileOptions.defaults()));
        assertTrue(e.getMessage().contains("carries no model source"), e.getMessage());
    }

    @Test
    void aMalformedSourceIsRefusedNamingTheKey() throws IOException {
        Path ckpt = checkpoint(files("proj/m.nn", MAIN), Map.of());
        Checkpoint read = Checkpoint.read(ckpt);
        assertEquals("proj/m.nn", read.meta().source().orElseThrow().mainFile());
        Path bad = dir.resolve("bad.safetensors");
        Map<String, String> meta = new LinkedHashMap<>(dev.nnc.train.SafeTensors.read(ckpt).metadata());
        meta.put(Checkpoint.KEY_SOURCE, "{\"main\": \"/etc/passwd\", \"files\": {\"/etc/passwd\": \"x\"}}");
        dev.nnc.train.SafeTensors.write(bad, meta, List.of());
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(bad));
        assertTrue(e.getMessage().contains("metadata 'source'"), e.getMessage());
    }
}
