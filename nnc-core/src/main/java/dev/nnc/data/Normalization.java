package dev.nnc.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How features are normalized after byte pixels are scaled to [0, 1]; statistics come from the training
 * split only (CS231n: "any preprocessing statistics must only be computed on the training data").
 */
public enum Normalization {
    /** No change beyond the [0, 1] scaling of pixels. */
    NONE,
    /** Subtract the per-feature (per-pixel) training mean. */
    MEAN,
    /** Subtract one training mean per channel (dim 0 of a (C, H, W) example; one global mean for (D)). */
    CHANNEL,
    /** Subtract the per-feature training mean and divide by the per-feature standard deviation. */
    STANDARDIZE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Normalization> parse(String text) {
        return Arrays.stream(values()).filter(n -> n.label().equals(text)).findFirst();
    }

    /** {@code "none", "mean", "channel", "standardize"}, for error messages. */
    public static String labels() {
        return Arrays.stream(values()).map(n -> "\"" + n.label() + "\"").collect(Collectors.joining(", "));
    }
}
