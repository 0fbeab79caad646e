package dev.nnc.tensor;

import java.util.Locale;
import java.util.Optional;

/** Floating-point width of a network's tensors. float32 trains; float64 checks gradients. */
public enum Precision {
    FLOAT32, FLOAT64;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Precision> parse(String text) {
        for (Precision p : values()) {
            if (p.label().equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
