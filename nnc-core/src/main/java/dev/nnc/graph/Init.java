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
        double v = ((Constant) this).value();
        return v == 0.0 ? "zeros" : v == 1.0 ? "ones" : "constant(" + v + ")";
    }
}
