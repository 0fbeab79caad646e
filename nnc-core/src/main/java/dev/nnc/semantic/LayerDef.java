package dev.nnc.semantic;

import dev.nnc.graph.ParamSpec;
import dev.nnc.graph.Shape;
import java.util.List;
import java.util.Map;

/**
 * A layer of the catalogue as the compiler sees it: its name and aliases, its signature, whether it is a
 * terminal loss, and its shape rule (output shape, parameters and forward FLOPs from the input shape).
 * The operator that executes it is registered under the same name in the ops registry (CONTRIBUTING.md);
 * CatalogConsistencyTest fails when the two disagree.
 */
public record LayerDef(String name, List<String> aliases, Signature signature, boolean loss, ShapeRule rule) {

    public LayerDef {
        aliases = List.copyOf(aliases);
    }

    /** What a layer does to shapes. {@code args} are bound, checked Java values (Integer, Double, Init...). */
    @FunctionalInterface
    public interface ShapeRule {
        Inferred infer(Shape in, String producer, Map<String, Object> args, String node) throws ShapeException;
    }

    /** The rule's answer for one layer. */
    public record Inferred(Shape out, List<ParamSpec> params, long flops) {
        public Inferred {
            params = List.copyOf(params);
        }
    }

    /** A shape that does not fit; {@code hint} says how to fix it, when we know. */
    public static final class ShapeException extends Exception {
        private final String hint;

        public ShapeException(String message, String hint) {
            super(message, null, false, false);
            this.hint = hint;
        }

        public String hint() {
            return hint;
        }
    }
}
