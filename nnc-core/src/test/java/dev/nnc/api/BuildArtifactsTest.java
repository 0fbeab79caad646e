package dev.nnc.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnc.semantic.CompiledModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildArtifactsTest {

    @Test
    void graphJsonRelativeToABaseDiffersOnlyInItsPaths() {
        CompiledModel m = Nnc.compile(Path.of("models/residual_mlp.nn"), CompileOptions.defaults()).orThrow();
        JsonObject plain = JsonParser.parseString(BuildArtifacts.graphJson(m)).getAsJsonObject();
        JsonObject relative = JsonParser.parseString(BuildArtifacts.graphJson(m, Path.of("models"))).getAsJsonObject();
        assertEquals("models/residual_mlp.nn", plain.getAsJsonArray("nodes").get(0).getAsJsonObject()
                .getAsJsonObject("source").get("file").getAsString());
        List<String> files = relative.getAsJsonArray("nodes").asList().stream()
                .map(n -> n.getAsJsonObject().getAsJsonObject("source").get("file").getAsString()).distinct().sorted()
                .toList();
        assertEquals(List.of("lib/blocks.nn", "residual_mlp.nn"), files);
        assertEquals(".", relative.getAsJsonObject("train").getAsJsonObject("data").get("baseDir").getAsString());
        // Put the original paths back: everything else is the same.
        for (int i = 0; i < plain.getAsJsonArray("nodes").size(); i++) {
            relative.getAsJsonArray("nodes").get(i).getAsJsonObject().add("source",
                    plain.getAsJsonArray("nodes").get(i).getAsJsonObject().get("source"));
        }
        relative.getAsJsonObject("train").getAsJsonObject("data").add("baseDir",
                plain.getAsJsonObject("train").getAsJsonObject("data").get("baseDir"));
        assertEquals(plain, relative);
    }

    @Test
    void declaredModelsTellsLibrariesFromBrokenFiles(@TempDir Path dir) throws Exception {
        Path lib = Files.writeString(dir.resolve("lib.nn"), "val width = 3\n");
        Path two = Files.writeString(dir.resolve("two.nn"), "model A {\n    input(2)\n    affine(2)\n}\n"
                + "model B {\n    input(2)\n    affine(3)\n}\n");
        Path broken = Files.writeString(dir.resolve("broken.nn"), "model A {\n");
        assertEquals(Optional.of(List.of()), BuildArtifacts.declaredModels(lib));
        List<BuildArtifacts.Declared> declared = BuildArtifacts.declaredModels(two).orElseThrow();
        assertEquals(List.of("A", "B"), declared.stream().map(BuildArtifacts.Declared::name).toList());
        assertEquals(5, declared.get(1).nameSpan().line());
        assertTrue(BuildArtifacts.declaredModels(broken).isEmpty());
        assertTrue(BuildArtifacts.declaredModels(dir.resolve("missing.nn")).isEmpty());
    }
}
