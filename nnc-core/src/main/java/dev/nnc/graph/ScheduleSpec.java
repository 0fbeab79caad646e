package dev.nnc.graph;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A learning-rate schedule and its arguments, every default filled in (docs/training.md#schedules):
 * {@code constant}, {@code step(every, factor)}, {@code exponential(rate)}, {@code cosine(warmup, minLr)},
 * {@code oneCycle(pctStart, div, finalDiv)}, {@code reduceOnPlateau(monitor, patience, factor, minLr)}. Numbers
 * are doubles, words ({@code monitor}) strings.
 */
public record ScheduleSpec(String name, Map<String, Object> args) {

    public static final ScheduleSpec CONSTANT = new ScheduleSpec("constant", Map.of());

    public ScheduleSpec {
        Preconditions.checkNotNull(name);
        args.values().forEach(v -> Preconditions.checkArgument(v instanceof Double || v instanceof String,
                "schedule argument %s", v));
        args = Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /** {@code exponential(rate)}: what {@code lrDecay = rate} stands for. */
    public static ScheduleSpec exponential(double rate) {
        return new ScheduleSpec("exponential", Map.of("rate", rate));
    }

    public boolean isConstant() {
        return name.equals(CONSTANT.name);
    }

    /** A numeric argument. */
    public double get(String key) {
        Object v = args.get(key);
        Preconditions.checkArgument(v instanceof Double, "schedule %s has no number %s", name, key);
        return (Double) v;
    }

    /** A word argument, such as {@code monitor}. */
    public String word(String key) {
        Object v = args.get(key);
        Preconditions.checkArgument(v instanceof String, "schedule %s has no word %s", name, key);
        return (String) v;
    }

    public ScheduleSpec with(String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(args);
        copy.put(key, value);
        return new ScheduleSpec(name, copy);
    }

    /** As written in a .nn file: {@code cosine(warmup = 2, minLr = 0)}, or {@code constant}. */
    public String describe() {
        if (args.isEmpty()) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        String sep = "";
        for (String key : args.keySet()) {
            sb.append(sep).append(key).append(" = ").append(shown(key));
            sep = ", ";
        }
        return sb.append(')').toString();
    }

    /** An argument as {@link #describe} writes it: {@code 2} for a whole number, {@code 1.0E-5}, {@code valLoss}. */
    public String shown(String key) {
        Object v = args.get(key);
        Preconditions.checkArgument(v != null, "schedule %s has no argument %s", name, key);
        return v instanceof Double d ? (d == Math.rint(d) && Math.abs(d) < 1e15
                ? String.format(Locale.ROOT, "%d", (long) (double) d) : Double.toString(d)) : (String) v;
    }
}
