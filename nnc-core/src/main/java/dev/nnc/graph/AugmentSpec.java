package dev.nnc.graph;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code augment = ...} setting of a train block: random transforms applied to training batches only, in
 * the order written ({@code rotate(20) - shift(0.2) - flip}). Each op is a name from the augmentation catalogue
 * with every argument resolved to a number. Empty means no augmentation.
 */
public record AugmentSpec(List<Op> ops) {

    public static final AugmentSpec NONE = new AugmentSpec(List.of());

    /** One transform: its name ({@code rotate}) and arguments ({@code degrees = 20.0}). */
    public record Op(String name, Map<String, Double> args) {
        public Op {
            args = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(args));
        }

        public double arg(String key) {
            Double v = args.get(key);
            if (v == null) {
                throw new IllegalArgumentException(name + " has no argument '" + key + "' (has " + args.keySet() + ")");
            }
            return v;
        }

        public String describe() {
            return args.isEmpty() ? name : name + args.entrySet().stream().map(e -> e.getKey() + " = "
                    + (e.getValue() == Math.rint(e.getValue()) ? Long.toString(e.getValue().longValue())
                    : e.getValue().toString())).collect(Collectors.joining(", ", "(", ")"));
        }
    }

    public AugmentSpec {
        ops = List.copyOf(ops);
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** As written in a .nn file: {@code rotate(degrees = 20) - flip(p = 0.5)}, or {@code none}. */
    public String describe() {
        return ops.isEmpty() ? "none" : ops.stream().map(Op::describe).collect(Collectors.joining(" - "));
    }
}
