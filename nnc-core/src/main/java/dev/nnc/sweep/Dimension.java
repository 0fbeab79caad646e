package dev.nnc.sweep;

import com.google.common.base.Preconditions;
import dev.nnc.diag.SourceSpan;
import java.util.List;

/**
 * One key of a sweep block and the values it ranges over. Values are .nn source text, exactly what
 * {@code --set key=value} takes, so a trial's configuration is a list of ordinary overrides.
 */
public sealed interface Dimension {

    /** The key: a model parameter, a train setting or an optimizer hyperparameter. */
    String key();

    /** The key's position in the sweep block: where an error about its values is reported. */
    SourceSpan keySpan();

    /** {@code choice(a, b, ...)}: the values as written, with their positions. */
    record Choice(String key, List<String> values, List<SourceSpan> valueSpans, SourceSpan keySpan)
            implements Dimension {
        public Choice {
            values = List.copyOf(values);
            valueSpans = List.copyOf(valueSpans);
            Preconditions.checkArgument(!values.isEmpty() && values.size() == valueSpans.size(), "choice of %s", values);
        }
    }

    /** {@code uniform(low, high)}, or {@code loguniform(low, high)} when {@code log} (uniform in log space). */
    record Uniform(String key, double low, double high, boolean log, SourceSpan keySpan) implements Dimension {
        public Uniform {
            Preconditions.checkArgument(low < high && (!log || low > 0), "%s(%s, %s)", log ? "loguniform" : "uniform",
                    low, high);
        }

        /** The value at {@code u} in [0, 1). */
        public double at(double u) {
            return log ? Math.exp(Math.log(low) + u * (Math.log(high) - Math.log(low))) : low + u * (high - low);
        }
    }

    /** {@code intRange(low, high)}: the integers from low to high, both included. */
    record IntRange(String key, long low, long high, SourceSpan keySpan) implements Dimension {
        public IntRange {
            Preconditions.checkArgument(low <= high, "intRange(%s, %s)", low, high);
        }
    }

    /** How many values a grid takes from this dimension; -1 for a continuous one (no grid). */
    default long gridSize() {
        if (this instanceof Choice c) {
            return c.values().size();
        }
        if (this instanceof IntRange r) {
            return r.high() - r.low() + 1;
        }
        return -1;
    }

    /** The {@code i}-th grid value, as .nn text. */
    default String gridValue(long i) {
        if (this instanceof Choice c) {
            return c.values().get((int) i);
        }
        if (this instanceof IntRange r) {
            return Long.toString(r.low() + i);
        }
        throw new IllegalStateException(key() + " has no grid");
    }

    /** A random value as .nn text; a double is written so that it reads back bit for bit. */
    default String sample(SplitMix64 rng) {
        if (this instanceof Choice c) {
            return c.values().get(rng.nextInt(c.values().size()));
        }
        if (this instanceof IntRange r) {
            return Long.toString(r.low() + rng.nextLong(r.high() - r.low() + 1));
        }
        return Double.toString(((Uniform) this).at(rng.nextDouble()));
    }
}
