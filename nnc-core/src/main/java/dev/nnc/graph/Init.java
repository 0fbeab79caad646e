package dev.nnc.graph;

/**
 * How a parameter tensor starts. Fan-in and fan-out come from the {@link ParamSpec}.
 * <ul>
 *   <li>{@code he}: N(0, 2 / fanIn), for ReLU stacks (He et al. 2015);</li>
 *   <li>{@code xavier}: N(0, 2 / (fanIn + fanOut)) (Glorot and Bengio 2010, normal form);</li>
 *   <li>{@code normal(std)}: N(0, std^2), CS231n's weight_scale;</li>
 *   <li>{@code zeros}, {@code ones}: constants (biases, batchnorm's beta and gamma).</li>
 * </ul>
 */
public sealed interface Init {
    record He() implements Init {}

    record Xavier() implements Init {}

    record Normal(double std) implements Init {}

    record Constant(double value) implements Init {}

    /**
     * Values written in the .nn file ({@code affine(1, w = [[0.5], [0.5]])}), row-major, with the shape they
     * were written in. Lists, not arrays, so equality and the graph hash see the numbers.
     */
    record Given(java.util.List<Integer> dims, java.util.List<Double> values) implements Init {
        public Given {
            dims = java.util.List.copyOf(dims);
            values = java.util.List.copyOf(values);
        }
    }

    Init HE = new He();
    Init XAVIER = new Xavier();
    Init ZEROS = new Constant(0.0);
    Init ONES = new Constant(1.0);

    /** Standard deviation of the normal draw, or NaN for a constant initializer. */
    default double std(int fanIn, int fanOut) {
        if (this instanceof He) {
            return Math.sqrt(2.0 / fanIn);
        } else if (this instanceof Xavier) {
            return Math.sqrt(2.0 / (fanIn + fanOut));
        } else if (this instanceof Normal n) {
            return n.std();
        }
        return Double.NaN;
    }

    /** The spelling used in .nn files and in the JSON graph. */
    default String describe() {
        if (this instanceof He) {
            return "he";
        } else if (this instanceof Xavier) {
            return "xavier";
        } else if (this instanceof Normal n) {
            return "normal(std = " + n.std() + ")";
        }
        if (this instanceof Given g) {
            return nested(g, 0, 0);
        }
        double v = ((Constant) this).value();
        return v == 0.0 ? "zeros" : v == 1.0 ? "ones" : "constant(" + v + ")";
    }

    /** The values of dimension {@code dim} from flat index {@code offset}, bracketed as written. */
    private static String nested(Given g, int dim, int offset) {
        int stride = 1;
        for (int i = dim + 1; i < g.dims().size(); i++) {
            stride *= g.dims().get(i);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < g.dims().get(dim); i++) {
            sb.append(i == 0 ? "" : ", ");
            if (dim == g.dims().size() - 1) {
                double v = g.values().get(offset + i);
                sb.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) + ".0" : Double.toString(v));
            } else {
                sb.append(nested(g, dim + 1, offset + i * stride));
            }
        }
        return sb.append(']').toString();
    }
}
