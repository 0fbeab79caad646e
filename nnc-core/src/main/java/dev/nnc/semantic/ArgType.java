package dev.nnc.semantic;

import java.util.Optional;

/** The type of a parameter of a layer, a {@code fun}, a data set or an optimizer. */
public enum ArgType {
    INT("Int"), DOUBLE("Double"), BOOL("Boolean"), STRING("String"), STACK("Stack"), INIT("initializer"),
    /** An Int count or a Double fraction (validation = 5000 or 0.1). */
    COUNT_OR_FRACTION("Int or Double"),
    /** A bare word or a string from a fixed set ({@code precision = float32}). */
    WORD("name");

    private final String display;

    ArgType(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }

    /** The type a user may write in {@code fun f(p: Int)}. */
    public static Optional<ArgType> ofDeclared(String name) {
        return switch (name) {
            case "Int" -> Optional.of(INT);
            case "Double" -> Optional.of(DOUBLE);
            case "Boolean", "Bool" -> Optional.of(BOOL);
            case "String" -> Optional.of(STRING);
            case "Stack", "Layer" -> Optional.of(STACK);
            default -> Optional.empty();
        };
    }

    public static final java.util.List<String> DECLARABLE = java.util.List.of("Int", "Double", "Boolean", "String",
            "Stack");

    /** Whether a value of this type is accepted: an Int is a Double, a bare word or string is a WORD. */
    public boolean accepts(Value v) {
        return switch (this) {
            case INT -> v instanceof Value.IntV;
            case DOUBLE -> v.isNumber();
            case BOOL -> v instanceof Value.BoolV;
            case STRING -> v instanceof Value.StringV;
            case STACK -> v instanceof Value.StackV;
            case INIT -> v instanceof Value.InitV;
            case COUNT_OR_FRACTION -> v.isNumber();
            case WORD -> v instanceof Value.SymbolV || v instanceof Value.StringV;
        };
    }
}
