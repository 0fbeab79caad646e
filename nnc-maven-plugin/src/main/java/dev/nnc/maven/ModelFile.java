package dev.nnc.maven;

import dev.nnc.api.BuildArtifacts;
import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Nnc;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.semantic.CompiledModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One .nn file compiled: every diagnostic, each of its models when there were no errors, the sources read
 * (for rendering) and the files it depends on (itself and its transitive imports).
 *
 * @param relative  path below its source directory, with '/' separators: how outputs are named
 * @param several   the file declares more than one model (outputs then carry the model's name)
 * @param library   the file declares no model: {@code fun}s and {@code val}s for other files, checked through
 *                  the models that import it, with no artifacts of its own
 */
record ModelFile(Path file, String relative, List<Diagnostic> diagnostics, List<CompiledModel> models,
                 List<BuildArtifacts.Declared> declared, boolean several, boolean library,
                 Map<String, SourceText> sources, Set<Path> inputs) {

    /** Every model of the file: a file with several is compiled once per model, their diagnostics merged. */
    static ModelFile compile(Path sourceDirectory, String relative, Map<String, String> overrides) {
        Path file = sourceDirectory.resolve(relative);
        // imports may reach across the source directory (nets/b.nn importing ../lib/wide.nn), not out of it
        CompileOptions options = CompileOptions.defaults().withProjectRoot(sourceDirectory);
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            options = options.with(e.getKey(), e.getValue());
        }
        Optional<List<BuildArtifacts.Declared>> read = BuildArtifacts.declaredModels(file);
        if (read.isPresent() && read.get().isEmpty()) {
            return new ModelFile(file, relative, List.of(), List.of(), List.of(), false, true, Map.of(),
                    Set.of(file.toAbsolutePath().normalize()));
        }
        List<BuildArtifacts.Declared> declared = read.orElse(List.of());
        List<CompileResult> results = new ArrayList<>();
        if (declared.size() <= 1) {
            results.add(Nnc.compile(file, options));
        } else {
            for (BuildArtifacts.Declared d : declared) {
                results.add(Nnc.compile(file, options.withModel(d.name())));
            }
        }
        Set<Diagnostic> diagnostics = new LinkedHashSet<>();
        Map<String, SourceText> sources = new LinkedHashMap<>();
        List<CompiledModel> models = new ArrayList<>();
        for (CompileResult r : results) {
            diagnostics.addAll(r.diagnostics());
            sources.putAll(r.sources());
            r.model().ifPresent(models::add);
        }
        boolean failed = results.stream().anyMatch(r -> !r.ok());
        Set<Path> inputs = new TreeSet<>();
        inputs.add(file.toAbsolutePath().normalize());
        for (String name : sources.keySet()) {
            if (!name.startsWith("--set ")) {
                inputs.add(absolute(name));
            }
        }
        return new ModelFile(file, relative, List.copyOf(diagnostics), failed ? List.of() : models, declared,
                declared.size() > 1, false, sources, inputs);
    }

    /** Diagnostics name files relative to the working directory (the way {@code nnc compile} does). */
    static Path absolute(String displayName) {
        return Path.of(displayName).toAbsolutePath().normalize();
    }

    /** Where the model's name is declared, for a budget diagnostic; the file's start when unknown. */
    SourceSpan nameSpan(String model) {
        return declared.stream().filter(d -> d.name().equals(model)).map(BuildArtifacts.Declared::nameSpan)
                .findFirst().orElse(SourceSpan.ofFile(file.toString()));
    }

    /** The output base name (no extension) of one model: its file's, plus the model's name when several. */
    String outputBase(CompiledModel model) {
        String base = relative.endsWith(".nn") ? relative.substring(0, relative.length() - 3) : relative;
        return several ? base + "." + model.graph().model() : base;
    }

    /** The diagnostics rendered as {@code nnc compile} prints them (source line, caret, hint). */
    String render(Diagnostic d) {
        return new CompileResult(Optional.empty(), List.of(d), sources).render();
    }
}
