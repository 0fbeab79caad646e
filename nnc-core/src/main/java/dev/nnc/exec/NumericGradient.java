package dev.nnc.exec;
import dev.nnc.tensor.Tensor;

import java.util.function.DoubleSupplier;

/**
 * Finite differences, the independent witness every backward is checked against (CS231n's
 * eval_numerical_gradient). Run in float64: in float32 the rounding of f swamps the difference.
 */
public final class NumericGradient {

    /** The step used by {@code nnc gradcheck} and the operator tests. */
    public static final double H = 1e-5;

    private NumericGradient() {
    }

    /** d f / d x[i] by the centred difference (f(x + h) - f(x - h)) / 2h; x[i] is restored afterwards. */
    public static double partial(DoubleSupplier f, Tensor x, int i, double h) {
        double old = x.get(i);
        x.set(i, old + h);
        double plus = f.getAsDouble();
        x.set(i, old - h);
        double minus = f.getAsDouble();
        x.set(i, old);
        return (plus - minus) / (2 * h);
    }

    /**
     * The size below which a centred difference is indistinguishable from zero: f is known to about ulp(|f|)
     * per evaluation, and dividing by 2h amplifies that. When the analytic and numeric derivatives are both
     * smaller than this (a structurally zero gradient, such as a bias feeding batchnorm), their relative
     * error compares noise with noise, so the gradient check does not count it. The factor 16 covers the few
     * roundings of a loss summed over a batch.
     */
    public static double roundingNoise(double f, double h) {
        return 16 * Math.ulp(Math.max(1.0, Math.abs(f))) / h;
    }

    /**
     * How many times its rounding noise a derivative must be to be measured relative to itself: below that it is
     * measured relative to this multiple of the noise, so noise alone adds at most 1e-7 to an entry's error.
     */
    public static final double NOISE_FLOOR = 1e7;

    /**
     * The relative error of an analytic derivative {@code a} against a numeric one {@code n} whose difference
     * quotient has rounding noise {@code noise}: |a - n| / max(1e-8, |a| + |n|, {@value #NOISE_FLOOR}·noise).
     * CS231n's rel_error with a floor on tiny gradients: a correct small gradient (an input's, deep in a smooth
     * model, ~1e-4) would otherwise fail a 1e-6 tolerance for the ~1e-10 rounding of its difference quotient
     * alone, while a wrong one is still off by far more than the floor allows.
     */
    public static double relativeError(double analytic, double numeric, double noise) {
        return Math.abs(analytic - numeric)
                / Math.max(Math.max(1e-8, NOISE_FLOOR * noise), Math.abs(analytic) + Math.abs(numeric));
    }

    /** CS231n's rel_error: |a - n| / max(1e-8, |a| + |n|). */
    public static double relativeError(double analytic, double numeric) {
        return Math.abs(analytic - numeric) / Math.max(1e-8, Math.abs(analytic) + Math.abs(numeric));
    }
}
