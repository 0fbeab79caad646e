package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.graph.ScheduleSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The schedule registry, by the names {@code .nn} files use, in the order of the front end's train catalogue,
 * which declares each schedule's arguments and fills in their defaults (this class requires them all).
 */
public final class Schedules {

    private static final Map<String, BiFunction<ScheduleSpec, Integer, Schedule>> REGISTRY = new LinkedHashMap<>();

    static {
        REGISTRY.put("constant", ConstantSchedule::new);
        REGISTRY.put("step", StepSchedule::new);
        REGISTRY.put("exponential", ExponentialSchedule::new);
        REGISTRY.put("cosine", CosineSchedule::new);
        REGISTRY.put("oneCycle", OneCycleSchedule::new);
        REGISTRY.put("reduceOnPlateau", PlateauSchedule::new);
    }

    private Schedules() {
    }

    /**
     * The schedule of a run of {@code epochs} epochs.
     *
     * @throws IllegalArgumentException for an unknown name, a missing argument or one out of range (the message
     *                                  says which)
     */
    public static Schedule create(ScheduleSpec spec, int epochs) {
        var factory = REGISTRY.get(spec.name());
        if (factory == null) {
            throw new IllegalArgumentException("unknown schedule '" + spec.name() + "'; known: "
                    + String.join(", ", REGISTRY.keySet()));
        }
        return factory.apply(spec, epochs);
    }

    public static List<String> names() {
        return List.copyOf(REGISTRY.keySet());
    }

    /** Argument {@code key}, checked to lie in [{@code lo}, {@code hi}). */
    static double arg(ScheduleSpec spec, String key, double lo, double hi) {
        double v = spec.get(key);
        Preconditions.checkArgument(v >= lo && v < hi, "schedule %s: %s = %s is outside [%s, %s)", spec.name(), key,
                show(v), show(lo), show(hi));
        return v;
    }

    static String show(double v) {
        if (!Double.isFinite(v) || v != 0 && (Math.abs(v) < 1e-6 || Math.abs(v) >= 1e12)) {
            return Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    /**
     * The rate as history.csv and metrics.jsonl record it: rounded to 12 significant digits, so {@code 0.0018} is
     * not written {@code 0.0018000000000000002} (the noise of lr0 · decay^e). The optimizer steps with the
     * unrounded rate.
     */
    public static double recorded(double lr) {
        if (lr == 0 || !Double.isFinite(lr)) {
            return lr;
        }
        return new java.math.BigDecimal(lr).round(new java.math.MathContext(12)).doubleValue();
    }
}
