package dev.nnc.exec;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Rng;

import com.google.common.base.Preconditions;
import dev.nnc.graph.Init;
import dev.nnc.graph.ParamSpec;

/**
 * Fills a parameter tensor from its {@link Init}: he, xavier and normal draw N(0, std²) with std from
 * {@link Init#std(int, int)} and the spec's fan-in/fan-out; a constant fills. Draws come from the generator
 * passed in, element by element in row-major order, so the same generator state gives the same tensor bit for
 * bit in either precision (a float32 tensor holds the rounded doubles).
 */
final class ParameterInit {

    private ParameterInit() {
    }

    static void fill(ParamSpec spec, Tensor value, Rng rng) {
        Preconditions.checkArgument(value.size() == spec.shape().size(), "parameter %s: tensor of %s elements for shape %s",
                spec.name(), value.size(), spec.shape());
        if (spec.init() instanceof Init.Given g) {
            for (int i = 0; i < value.size(); i++) {
                value.set(i, g.values().get(i));
            }
            return;
        }
        if (spec.init() instanceof Init.Constant c) {
            value.fill(c.value());
            return;
        }
        double std = spec.init().std(spec.fanIn(), spec.fanOut());
        Preconditions.checkState(Double.isFinite(std) && std >= 0, "parameter %s: initializer %s gives std %s",
                spec.name(), spec.init().describe(), std);
        for (int i = 0; i < value.size(); i++) {
            value.set(i, std * rng.nextGaussian());
        }
    }
}
