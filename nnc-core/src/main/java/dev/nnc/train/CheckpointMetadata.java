package dev.nnc.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.nnc.graph.ModelSource;
import dev.nnc.graph.OptimizerSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Typed, validated access to a checkpoint's {@code __metadata__}; every failure names the key. */
final class CheckpointMetadata {

    /** As many files as a program may consist of (ProgramLoader.MAX_FILES). */
    static final int MAX_FILES = 256;

    private final Path file;
    private final Map<String, String> metadata;

    CheckpointMetadata(Path file, Map<String, String> metadata) {
        this.file = file;
        this.metadata = metadata;
    }

    String string(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new CheckpointException(file, "metadata has no '" + key + "'; is this an nnc checkpoint?");
        }
        return v;
    }

    int integer(String key) {
        try {
            return Integer.parseInt(string(key));
        } catch (NumberFormatException e) {
            throw bad(key, "an integer");
        }
    }

    long longValue(String key) {
        try {
            return Long.parseLong(string(key));
        } catch (NumberFormatException e) {
            throw bad(key, "a 64-bit integer");
        }
    }

    /** Empty when the key is absent (written by an older nnc). */
    OptionalLong optionalLong(String key) {
        return metadata.containsKey(key) ? OptionalLong.of(longValue(key)) : OptionalLong.empty();
    }

    /** The {@code --limit} of the run; empty when absent. */
    OptionalInt optionalLimit() {
        if (!metadata.containsKey(Checkpoint.KEY_LIMIT)) {
            return OptionalInt.empty();
        }
        int n = integer(Checkpoint.KEY_LIMIT);
        if (n < 1) {
            throw bad(Checkpoint.KEY_LIMIT, "a count of at least 1");
        }
        return OptionalInt.of(n);
    }

    /**
     * The embedded model source: {@code source} is {@code {"main": PATH, "files": {PATH: TEXT, ...}}} with
     * at most {@value #MAX_FILES} {@code .nn} paths, the main one among them, and {@code overrides} an object of
     * strings. Empty when the checkpoint has no {@code source} (written by an older nnc). The texts' sizes are
     * checked when they are compiled, with the limits of files on disk.
     */
    Optional<ModelSource> source() {
        String text = metadata.get(Checkpoint.KEY_SOURCE);
        if (text == null) {
            return Optional.empty();
        }
        String shape = "a JSON object {\"main\": PATH, \"files\": {PATH: TEXT, ...}} of at most " + MAX_FILES
                + " .nn files that include the main one";
        JsonObject o = object(Checkpoint.KEY_SOURCE, shape);
        if (!(o.get("main") instanceof JsonPrimitive main) || !main.isString()
                || !(o.get("files") instanceof JsonObject files) || files.size() > MAX_FILES) {
            throw bad(Checkpoint.KEY_SOURCE, shape);
        }
        Map<String, String> texts = strings(files, Checkpoint.KEY_SOURCE, shape);
        for (String path : texts.keySet()) {
            if (!isSourcePath(path)) {
                throw bad(Checkpoint.KEY_SOURCE, shape + " (a file is named '" + path + "')");
            }
        }
        if (!texts.containsKey(main.getAsString())) {
            throw bad(Checkpoint.KEY_SOURCE, shape);
        }
        String overridesShape = "a JSON object of strings (the --set overrides)";
        if (!metadata.containsKey(Checkpoint.KEY_OVERRIDES)) {
            throw new CheckpointException(file, "metadata has 'source' but no 'overrides'");
        }
        JsonObject overrides = object(Checkpoint.KEY_OVERRIDES, overridesShape);
        return Optional.of(new ModelSource(main.getAsString(), texts,
                strings(overrides, Checkpoint.KEY_OVERRIDES, overridesShape)));
    }

    /** A path a compiled file can have had: a {@code .nn} name without NUL that the platform accepts. */
    private static boolean isSourcePath(String path) {
        if (!path.endsWith(".nn") || path.indexOf('\0') >= 0) {
            return false;
        }
        try {
            Path.of(path);
            return true;
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    private JsonObject object(String key, String expected) {
        try {
            JsonElement e = JsonParser.parseString(metadata.get(key));
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // reported below
        }
        throw bad(key, expected);
    }

    private Map<String, String> strings(JsonObject o, String key, String expected) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> kv : o.entrySet()) {
            if (!(kv.getValue() instanceof JsonPrimitive p) || !p.isString()) {
                throw bad(key, expected);
            }
            out.put(kv.getKey(), p.getAsString());
        }
        return out;
    }

    double real(String key) {
        try {
            return Double.parseDouble(string(key));
        } catch (NumberFormatException e) {
            throw bad(key, "a number");
        }
    }

    /** The optimizer's name and hyperparameters; empty when the checkpoint holds no optimizer. */
    Optional<OptimizerSpec> optimizer() {
        JsonObject o = optimizerJson();
        if (o == null) {
            return Optional.empty();
        }
        if (!(o.get("name") instanceof JsonPrimitive name) || !name.isString()) {
            throw bad(Checkpoint.KEY_OPTIMIZER, "a JSON object with a string 'name'");
        }
        Map<String, Double> hyper = numbers(o, "hyper");
        Double lr = hyper.get("lr");
        if (lr == null || !(lr > 0) || lr.isInfinite()) {
            throw bad(Checkpoint.KEY_OPTIMIZER, "a JSON object whose 'hyper' has a positive, finite 'lr'");
        }
        return Optional.of(new OptimizerSpec(name.getAsString(), hyper));
    }

    Map<String, Double> optimizerScalars() {
        JsonObject o = optimizerJson();
        return o == null ? Map.of() : numbers(o, "scalars");
    }

    private JsonObject optimizerJson() {
        String text = metadata.get(Checkpoint.KEY_OPTIMIZER);
        if (text == null) {
            return null;
        }
        try {
            JsonElement e = JsonParser.parseString(text);
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            // reported below
        }
        throw bad(Checkpoint.KEY_OPTIMIZER, "a JSON object");
    }

    private Map<String, Double> numbers(JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonObject()) {
            throw bad(Checkpoint.KEY_OPTIMIZER, "a JSON object whose '" + field + "' is an object of numbers");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> kv : e.getAsJsonObject().entrySet()) {
            if (!(kv.getValue() instanceof JsonPrimitive p) || !p.isNumber()) {
                throw bad(Checkpoint.KEY_OPTIMIZER, "a JSON object whose '" + field + "' is an object of numbers");
            }
            out.put(kv.getKey(), p.getAsDouble());
        }
        return out;
    }

    private CheckpointException bad(String key, String expected) {
        String value = String.valueOf(metadata.get(key));
        if (value.length() > 80) { // an embedded source is the size of a model file: quote its start only
            value = value.substring(0, 77) + "...";
        }
        return new CheckpointException(file, "metadata '" + key + "' = '" + value + "' is not " + expected);
    }
}
