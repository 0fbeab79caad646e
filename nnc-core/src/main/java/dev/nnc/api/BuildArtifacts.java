package dev.nnc.api;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nnc.diag.SourceSpan;
import dev.nnc.emit.GraphJson;
import dev.nnc.emit.ModelStats;
import dev.nnc.emit.SummaryEmitter;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.semantic.Program;
import dev.nnc.semantic.ProgramLoader;
import dev.nnc.semantic.Reporter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What build tools (the Maven plugin) need beyond {@link Nnc#compile}: the artifacts {@code nnc compile --emit}
 * writes, the figures a size budget is checked against, and the models a file declares (to compile each of a
 * file with several). Every text here is deterministic: same model, same bytes.
 */
public final class BuildArtifacts {

    private BuildArtifacts() {
    }

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
            .create();

    /** The {@code --emit json} graph (docs/graph-json.md), ending in a newline. */
    public static String graphJson(CompiledModel model) {
        return GraphJson.emit(model);
    }

    /**
     * The {@code --emit json} graph with its paths (each layer's {@code source.file}, the data's {@code baseDir})
     * relative to {@code base} and '/'-separated: the same bytes on every machine and in every checkout, as an
     * artifact packaged in a jar must be. Otherwise exactly {@link #graphJson(CompiledModel)}.
     */
    public static String graphJson(CompiledModel model, Path base) {
        Path root = base.toAbsolutePath().normalize();
        JsonObject graph = GraphJson.toJson(model);
        for (JsonElement node : graph.getAsJsonArray("nodes")) {
            JsonObject source = node.getAsJsonObject().getAsJsonObject("source");
            source.addProperty("file", relative(root, source.get("file").getAsString()));
        }
        JsonElement data = graph.getAsJsonObject("train").get("data");
        if (data != null && data.isJsonObject()) {
            JsonObject d = data.getAsJsonObject();
            d.addProperty("baseDir", relative(root, d.get("baseDir").getAsString()));
        }
        return GSON.toJson(graph) + "\n";
    }

    private static String relative(Path root, String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        String r = root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
        return r.isEmpty() ? "." : r;
    }

    /** The {@code --emit summary} table. */
    public static String summary(CompiledModel model) {
        return SummaryEmitter.emit(model);
    }

    /**
     * A model's size, as the summary reports it.
     *
     * @param parameters       every parameter element, trainable or not
     * @param flopsPerExample  forward FLOPs of one example
     * @param weightBytes      the parameters' bytes at the train block's precision
     */
    public record Figures(long parameters, long flopsPerExample, long weightBytes) {

        public static Figures of(CompiledModel model) {
            ModelStats s = ModelStats.of(model);
            return new Figures(s.totalParams(), s.flopsPerExample(), s.parameterBytes());
        }
    }

    /** A model declared in a file, and where its name is. */
    public record Declared(String name, SourceSpan nameSpan) {
    }

    /**
     * The models declared in {@code file} itself (not its imports), in source order, read without checking
     * them: an empty list for a library of {@code fun}s and {@code val}s that other files import. Empty (no
     * list) when the file or an import cannot be read or parsed; {@link Nnc#compile} then says why.
     */
    public static Optional<List<Declared>> declaredModels(Path file) {
        try {
            Reporter reporter = new Reporter();
            Optional<Program> program = new ProgramLoader(reporter).loadFile(file);
            if (program.isEmpty() || reporter.hasErrors()) {
                return Optional.empty();
            }
            return Optional.of(program.get().mainModels().stream().map(m -> new Declared(m.name(), m.nameSpan()))
                    .toList());
        } catch (StackOverflowError | RuntimeException e) {
            return Optional.empty(); // Nnc.compile, on its large stack, reports the problem
        }
    }
}
