package dev.nnc.semantic;

import java.util.Optional;

/** The type of a parameter of a layer, a {@code fun}, a data set or an optimizer. */
public enum ArgType {
    INT("Int"), DOUBLE("Double"), BOOL("Boolean"), STRING("String"), STACK("Stack"), INIT("initializer"),
    /** An Int count or a Double fraction (validation = 5000 or 0.1). */
    COUNT_OR_FRACTION("Int or Double"),
    /** A bare word or a string from a fixed set ({@code precision = float32}). */
    WORD("name"),
    /** A list of numbers, or of lists of numbers: weights written in the file ({@code w = [[0.5], [0.5]]}). */
    NUMBERS("list of numbers"),
    /** Padding: an Int, or {@code same} / {@code valid} (Keras' words). */
    PADDING("Int, same or valid"),
    /** Two Ints, {@code (H, W)}: an image size. */
    INT_PAIR("(Int, Int)");

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

    private static boolean numeric(Value.ListV l) {
        return !l.items().isEmpty() && l.items().stream()
                .allMatch(x -> x.isNumber() || x instanceof Value.ListV inner && numeric(inner));
    }

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
            case NUMBERS -> v instanceof Value.ListV l && numeric(l);
            case PADDING -> v instanceof Value.IntV || v instanceof Value.SymbolV || v instanceof Value.StringV;
            case INT_PAIR -> v instanceof Value.ListV l && l.items().size() == 2
                    && l.items().stream().allMatch(x -> x instanceof Value.IntV);
        };
    }
}
