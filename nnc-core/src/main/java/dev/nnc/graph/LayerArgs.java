package dev.nnc.graph;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resolved arguments of one layer, every default filled in: values are Integer, Double, Boolean,
 * String or {@link Init}. The semantic checker guarantees the types, so a wrong type here is a bug.
 */
public record LayerArgs(Map<String, Object> values) {

    public LayerArgs {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static LayerArgs empty() {
        return new LayerArgs(Map.of());
    }

    public int getInt(String name) {
        return (Integer) require(name);
    }

    public double getDouble(String name) {
        Object v = require(name);
        return v instanceof Integer i ? i : (Double) v;
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public Init getInit(String name) {
        return (Init) require(name);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private Object require(String name) {
        Object v = values.get(name);
        Preconditions.checkArgument(v != null, "layer has no argument '%s' (has %s)", name, values.keySet());
        return v;
    }
}
