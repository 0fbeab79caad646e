package dev.nnc.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One trial of a study: its index, its configuration ({@code --set} overrides in the sweep block's key order)
 * and the seed it trains with. All three follow from the study seed and the index alone.
 */
public record Trial(int index, Map<String, String> config, long seed) {

    public Trial {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** {@code lr=1e-3, weightScale=0.01}: the configuration as a person reads it. */
    public String describe() {
        return config.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** The directory name of the trial's run: {@code trial-007}. */
    public String directoryName() {
        return String.format(java.util.Locale.ROOT, "trial-%03d", index);
    }
}
