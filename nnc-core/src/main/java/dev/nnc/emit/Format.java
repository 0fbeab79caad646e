package dev.nnc.emit;

import dev.nnc.graph.OptimizerSpec;
import java.util.Locale;
import java.util.stream.Collectors;

/** Number spellings shared by the emitters: fixed locale, so output is the same on every machine. */
public final class Format {

    private Format() {
    }

    /** {@code 1234567} → {@code 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1536} → {@code 1,536 B (1.5 KiB)}; below 1 KiB just the bytes. */
    public static String bytes(long n) {
        String exact = count(n) + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u < 0 ? exact : exact + String.format(Locale.ROOT, " (%.1f %s)", v, units[u]);
    }

    /**
     * A double the way a .nn file would write it: {@code 0.5}, {@code 1e-05}, {@code 100.0}. Shortest
     * round-trip digits (Java's {@code Double.toString}), with a lower-case exponent.
     */
    public static String real(double d) {
        return Double.toString(d).replace("E", "e");
    }

    /** {@code 1 epoch}, {@code 2 epochs}: a count with its noun (plural by an s). */
    public static String count(long n, String noun) {
        return count(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * An optimizer as a .nn file writes it, its hyperparameters by {@link #real}: {@code adam(lr = 0.001,
     * beta1 = 0.9, beta2 = 0.999, eps = 1.0e-8)}. The one spelling of the summary, train's output and
     * result.json.
     */
    public static String optimizer(OptimizerSpec o) {
        return o.name() + "(" + o.hyper().entrySet().stream().map(e -> e.getKey() + " = " + real(e.getValue()))
                .collect(Collectors.joining(", ")) + ")";
    }
}
