package dev.nnc.semantic;

import dev.nnc.graph.Init;
import dev.nnc.syntax.ast.Call;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Words with a built-in meaning in argument position: initializers and precisions. */
final class Builtins {

    static final List<String> SYMBOLS = List.of("he", "xavier", "zeros", "ones", "float32", "float64", "same", "valid",
            "rgb", "grey", "gray", "valLoss", "valAcc");

    private static final Signature NORMAL = Signature.of("normal",
            ArgSpec.optional("std", ArgType.DOUBLE, new Value.DoubleV(0.01)).checked(ArgSpec.positive()));

    private Builtins() {
    }

    static Optional<Value> symbol(String name) {
        return Optional.ofNullable(switch (name) {
            case "he" -> new Value.InitV(Init.HE);
            case "xavier" -> new Value.InitV(Init.XAVIER);
            case "zeros" -> new Value.InitV(Init.ZEROS);
            case "ones" -> new Value.InitV(Init.ONES);
            case "normal" -> new Value.InitV(new Init.Normal(0.01));
            case "float32", "float64", "same", "valid", "rgb", "grey", "gray", "valLoss", "valAcc" -> new Value.SymbolV(name);
            default -> null;
        });
    }

    /** {@code normal(std = 0.01)}: CS231n's weight_scale initializer. */
    static Value normal(Evaluator ev, Call c, Map<String, Value> locals, Reporter reporter) {
        return Binder.bind(NORMAL, ev.actuals(c.args(), locals), c.span(), reporter)
                .<Value>map(b -> new Value.InitV(new Init.Normal(b.get("std").asDouble())))
                .orElse(Value.ERROR);
    }
}
