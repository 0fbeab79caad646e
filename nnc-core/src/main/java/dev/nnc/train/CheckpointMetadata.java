package dev.nnc.train;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.nnc.graph.OptimizerSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Typed, validated access to a checkpoint's {@code __metadata__}; every failure names the key. */
final class CheckpointMetadata {

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
        return new CheckpointException(file, "metadata '" + key + "' = '" + metadata.get(key) + "' is not "
                + expected);
    }
}
