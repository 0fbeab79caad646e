package dev.nnc.train;

import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.Init;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.graph.ParamRole;
import dev.nnc.graph.ParamSpec;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.Shape;
import java.util.Map;

/** Parameters and specs for the optimizer and checkpoint tests. */
final class OptimizerTestSupport {

    private OptimizerTestSupport() {
    }

    static Parameter param(String name, ParamRole role, Precision precision, double[] values, int... shape) {
        ParamSpec spec = new ParamSpec(name, Shape.of(shape), Init.ZEROS, role, 1, 1);
        Tensor value = Tensor.zeros(precision, shape);
        value.setFrom(values);
        Tensor grad = role.trainable() ? Tensor.zeros(precision, shape) : null;
        return new Parameter(spec, value, grad);
    }

    static Parameter weight(String name, Precision precision, double... values) {
        return param(name, ParamRole.WEIGHT, precision, values, values.length);
    }

    /** Every registered optimizer with hyperparameters large enough that each term shows in the result. */
    static OptimizerSpec spec(String name) {
        return switch (name) {
            case "sgd" -> new OptimizerSpec("sgd", Map.of("lr", 0.1));
            case "momentum" -> new OptimizerSpec("momentum", Map.of("lr", 0.1, "mu", 0.9));
            case "nesterov" -> new OptimizerSpec("nesterov", Map.of("lr", 0.1, "mu", 0.9));
            case "adagrad" -> new OptimizerSpec("adagrad", Map.of("lr", 0.1, "eps", 1.0));
            case "rmsprop" -> new OptimizerSpec("rmsprop", Map.of("lr", 0.1, "decay", 0.9, "eps", 1.0));
            case "adam" -> new OptimizerSpec("adam", Map.of("lr", 0.1, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8));
            case "adamw" -> new OptimizerSpec("adamw", Map.of("lr", 0.1, "beta1", 0.9, "beta2", 0.999, "eps", 1e-8,
                    "weightDecay", 0.5));
            default -> throw new IllegalArgumentException(name);
        };
    }
}
