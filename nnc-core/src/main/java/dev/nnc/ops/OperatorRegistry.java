package dev.nnc.ops;

import dev.nnc.graph.Node;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Operator name (as in {@link Node#op()}) to factory. The registrations are in {@code LinearAndPoolingOps} and
 * {@code ActivationNormLossOps}, one line per operator under its layer catalogue name; adding a layer is
 * written up in CONTRIBUTING.md (CatalogConsistencyTest fails when a layer has no operator or the reverse).
 */
public final class OperatorRegistry {

    private static final Map<String, OperatorFactory> FACTORIES;

    static {
        Map<String, OperatorFactory> m = new TreeMap<>();
        LinearAndPoolingOps.registerAll(m);
        ActivationNormLossOps.registerAll(m);
        FACTORIES = Collections.unmodifiableMap(m);
    }

    private OperatorRegistry() {
    }

    public static Optional<OperatorFactory> lookup(String op) {
        return Optional.ofNullable(FACTORIES.get(op));
    }

    public static Operator create(Node node, List<Parameter> params, ExecContext ctx) {
        OperatorFactory f = FACTORIES.get(node.op());
        if (f == null) {
            throw new IllegalArgumentException("no operator '" + node.op() + "'; known: " + FACTORIES.keySet());
        }
        return f.create(node, params, ctx);
    }

    public static java.util.Set<String> names() {
        return FACTORIES.keySet();
    }
}
