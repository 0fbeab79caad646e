package dev.nnc.emit;

import java.util.Locale;

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
}
