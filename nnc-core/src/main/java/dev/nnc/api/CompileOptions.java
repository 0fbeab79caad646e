package dev.nnc.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What to compile from a file: which model ({@code --model}), {@code --set key=value} overrides of model
 * parameters, train settings and optimizer hyperparameters (values written as in a .nn file), the project
 * root that imports must stay inside (default: the compiled file's directory; docs/security.md), and whether the
 * model is compiled to be trained, when what training needs and compiling does not (a data set) is an error.
 */
public record CompileOptions(Optional<String> model, Map<String, String> overrides, Optional<Path> projectRoot,
                             boolean training) {

    public CompileOptions {
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    public CompileOptions(Optional<String> model, Map<String, String> overrides, Optional<Path> projectRoot) {
        this(model, overrides, projectRoot, false);
    }

    public CompileOptions(Optional<String> model, Map<String, String> overrides) {
        this(model, overrides, Optional.empty());
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optional.empty(), Map.of());
    }

    public CompileOptions withModel(String name) {
        return new CompileOptions(Optional.ofNullable(name), overrides, projectRoot, training);
    }

    public CompileOptions with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(overrides);
        m.put(key, value);
        return new CompileOptions(model, m, projectRoot, training);
    }

    /**
     * Imports may reach any {@code .nn} file below {@code root} (a build's source directory, say), not only
     * below the compiled file's own directory. A file outside {@code root} keeps its own directory as root.
     */
    public CompileOptions withProjectRoot(Path root) {
        return new CompileOptions(model, overrides, Optional.of(root), training);
    }

    /**
     * Compiles the model to train it ({@code nnc train}): a model that could train but names no data gets the error
     * {@code missing-train-key}, positioned, with its fix, instead of compiling cleanly as it does otherwise.
     */
    public CompileOptions forTraining() {
        return new CompileOptions(model, overrides, projectRoot, true);
    }
}
