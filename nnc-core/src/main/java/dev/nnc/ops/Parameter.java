package dev.nnc.ops;

import dev.nnc.graph.ParamSpec;
import dev.nnc.tensor.Tensor;

/**
 * A parameter bound to memory: its value and, when trainable, its gradient (same shape). The optimizer
 * updates {@code value} from {@code grad}; operators read {@code value} and overwrite {@code grad}.
 */
public record Parameter(ParamSpec spec, Tensor value, Tensor grad) {

    public String name() {
        return spec.name();
    }

    public boolean trainable() {
        return spec.role().trainable();
    }
}
