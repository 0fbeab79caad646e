package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimizer's state as data: slot tensors named {@code opt.<slot>/<parameter>} (for example
 * {@code opt.m/affine_1.W}) and named scalars (adam's step count {@code t}). Map order is kept, so a
 * checkpoint lists the tensors in a stable order.
 */
public record OptimizerState(Map<String, Tensor> tensors, Map<String, Double> scalars) {

    /** Prefix of every optimizer tensor name; parameter names never start with it. */
    public static final String PREFIX = "opt.";

    public OptimizerState {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
        for (String name : tensors.keySet()) {
            Preconditions.checkArgument(name.startsWith(PREFIX), "optimizer tensor %s lacks the prefix %s",
                    name, PREFIX);
        }
    }

    public static OptimizerState empty() {
        return new OptimizerState(Map.of(), Map.of());
    }

    /** The tensor name of {@code slot} for {@code parameter}: {@code opt.m/affine_1.W}. */
    public static String tensorName(String slot, String parameter) {
        return PREFIX + slot + "/" + parameter;
    }
}
