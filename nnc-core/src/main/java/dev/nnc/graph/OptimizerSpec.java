package dev.nnc.graph;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer and its hyperparameters, every default filled in:
 * {@code sgd(lr)}, {@code momentum(lr, mu)}, {@code nesterov(lr, mu)}, {@code adagrad(lr, eps)},
 * {@code rmsprop(lr, decay, eps)}, {@code adam(lr, beta1, beta2, eps)}, {@code adamw(lr, beta1, beta2, eps, weightDecay)}.
 */
public record OptimizerSpec(String name, Map<String, Double> hyper) {

    public OptimizerSpec {
        Preconditions.checkNotNull(name);
        hyper = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(hyper));
    }

    public double get(String key) {
        Double v = hyper.get(key);
        Preconditions.checkArgument(v != null, "optimizer %s has no hyperparameter %s", name, key);
        return v;
    }

    public double lr() {
        return get("lr");
    }

    public OptimizerSpec with(String key, double value) {
        Map<String, Double> copy = new LinkedHashMap<>(hyper);
        copy.put(key, value);
        return new OptimizerSpec(name, copy);
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(name).append('(');
        String sep = "";
        for (Map.Entry<String, Double> e : hyper.entrySet()) {
            sb.append(sep).append(e.getKey()).append(" = ").append(e.getValue());
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
