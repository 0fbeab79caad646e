package dev.nnc.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What to compile from a file: which model ({@code --model}), and {@code --set key=value} overrides of model
 * parameters, train settings and optimizer hyperparameters, values written as in a .nn file.
 */
public record CompileOptions(Optional<String> model, Map<String, String> overrides) {

    public CompileOptions {
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    public static CompileOptions defaults() {
        return new CompileOptions(Optional.empty(), Map.of());
    }

    public CompileOptions withModel(String name) {
        return new CompileOptions(Optional.ofNullable(name), overrides);
    }

    public CompileOptions with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(overrides);
        m.put(key, value);
        return new CompileOptions(model, m);
    }
}
