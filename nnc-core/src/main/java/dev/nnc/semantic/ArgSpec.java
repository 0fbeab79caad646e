package dev.nnc.semantic;

import java.util.Optional;
import java.util.function.Function;

/**
 * One parameter of a signature: name, type, default (empty = required) and a range check that returns
 * the complaint ("must be at least 1") or empty when the value is fine.
 */
public record ArgSpec(String name, ArgType type, Optional<Value> defaultValue, Function<Value, Optional<String>> check) {

    public static ArgSpec required(String name, ArgType type) {
        return new ArgSpec(name, type, Optional.empty(), v -> Optional.empty());
    }

    public static ArgSpec optional(String name, ArgType type, Value dflt) {
        return new ArgSpec(name, type, Optional.of(dflt), v -> Optional.empty());
    }

    public ArgSpec checked(Function<Value, Optional<String>> c) {
        return new ArgSpec(name, type, defaultValue, c);
    }

    /** How the parameter reads in a usage hint: {@code units} or {@code init = he}. */
    public String usage() {
        return defaultValue.map(d -> name + " = " + d.show()).orElse(name);
    }

    // Range checks used across the catalogues.

    public static Function<Value, Optional<String>> atLeast(long min) {
        return v -> v.asDouble() >= min ? Optional.empty() : Optional.of("must be at least " + min);
    }

    public static Function<Value, Optional<String>> positive() {
        return v -> v.asDouble() > 0 ? Optional.empty() : Optional.of("must be positive");
    }

    public static Function<Value, Optional<String>> nonNegative() {
        return v -> v.asDouble() >= 0 ? Optional.empty() : Optional.of("must not be negative");
    }

    /** lo ≤ v < hi. */
    public static Function<Value, Optional<String>> halfOpen(double lo, double hi) {
        return v -> v.asDouble() >= lo && v.asDouble() < hi ? Optional.empty()
                : Optional.of("must be in [" + fmt(lo) + ", " + fmt(hi) + ")");
    }

    /** lo < v < hi. */
    public static Function<Value, Optional<String>> open(double lo, double hi) {
        return v -> v.asDouble() > lo && v.asDouble() < hi ? Optional.empty()
                : Optional.of("must be in (" + fmt(lo) + ", " + fmt(hi) + ")");
    }

    public static Function<Value, Optional<String>> oneOf(java.util.List<String> words) {
        return v -> {
            String w = v instanceof Value.SymbolV s ? s.name() : ((Value.StringV) v).value();
            return words.contains(w) ? Optional.empty() : Optional.of("must be one of " + String.join(", ", words));
        };
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
