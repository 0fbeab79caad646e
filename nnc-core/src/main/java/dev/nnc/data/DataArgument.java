package dev.nnc.data;

import java.util.Optional;

/**
 * One argument a data kind accepts: its name, type ({@code Int}, {@code Double}, {@code String} or
 * {@code Number} for "Int or Double") and default (empty when the argument is required or optional without a
 * default). The table in docs/data.md is this list, printed.
 */
public record DataArgument(String name, String type, boolean required, Optional<Object> defaultValue) {

    static DataArgument required(String name, String type) {
        return new DataArgument(name, type, true, Optional.empty());
    }

    static DataArgument optional(String name, String type) {
        return new DataArgument(name, type, false, Optional.empty());
    }

    static DataArgument withDefault(String name, String type, Object value) {
        return new DataArgument(name, type, false, Optional.of(value));
    }

    /** Whether {@code value} (Integer, Double, Boolean or String) has this argument's type. */
    public boolean accepts(Object value) {
        return switch (type) {
            case "Int" -> value instanceof Integer;
            case "Double" -> value instanceof Double || value instanceof Integer;
            case "Number" -> value instanceof Integer || value instanceof Double;
            case "String" -> value instanceof String;
            case "Size" -> value instanceof java.util.List<?> l && l.size() == 2;
            default -> false;
        };
    }
}
