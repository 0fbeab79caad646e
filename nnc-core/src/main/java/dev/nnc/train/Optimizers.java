package dev.nnc.train;

import dev.nnc.ops.Parameter;
import dev.nnc.graph.OptimizerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The optimizer registry. To add one (CONTRIBUTING.md): write a {@link SlotOptimizer} subclass with the update
 * rule on both array types, register its constructor here under the name {@code .nn} files use, and declare
 * it with its hyperparameters and their defaults in the front end's train catalogue (which fills them in;
 * this class requires them all), in the same order as here.
 */
public final class Optimizers {

    private static final Map<String, BiFunction<OptimizerSpec, List<Parameter>, Optimizer>> REGISTRY =
            new LinkedHashMap<>();

    static {
        REGISTRY.put("sgd", Sgd::new);
        REGISTRY.put("momentum", Momentum::new);
        REGISTRY.put("nesterov", Nesterov::new);
        REGISTRY.put("adagrad", Adagrad::new);
        REGISTRY.put("rmsprop", RmsProp::new);
        REGISTRY.put("adam", Adam::new);
        REGISTRY.put("adamw", AdamW::new);
    }

    private Optimizers() {
    }

    /**
     * An optimizer for the trainable parameters among {@code params}, its slots zero.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones), a missing
     *                                  hyperparameter, or one out of range
     */
    public static Optimizer create(OptimizerSpec spec, List<Parameter> params) {
        var factory = REGISTRY.get(spec.name());
        if (factory == null) {
            throw new IllegalArgumentException("unknown optimizer '" + spec.name() + "'; known: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return factory.apply(spec, params);
    }

    /** The registered names, in registration order. */
    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }
}
