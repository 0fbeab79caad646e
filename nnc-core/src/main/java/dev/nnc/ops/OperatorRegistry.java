package dev.nnc.ops;

import dev.nnc.tensor.Parameter;
import dev.nnc.graph.Node;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Operator name (as in {@link Node#op()}) to factory. To add a layer: write its operator (forward and
 * backward in one file, the formula in the doc comment), register it here under the catalogue name, add its
 * argument and shape rules to the semantic layer catalogue, and a gradient-check test.
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
