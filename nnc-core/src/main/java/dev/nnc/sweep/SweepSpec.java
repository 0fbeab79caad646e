package dev.nnc.sweep;

import dev.nnc.diag.SourceSpan;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A checked {@code sweep { }} block: the dimensions in source order, how trials are drawn, how many, the
 * study seed when the block fixes one, and the metric that ranks them.
 *
 * @param trials the number of trials: every combination for a grid, {@code trials = N} for a random search
 * @param span   the block, for diagnostics that concern the whole study
 * @param prune  how bad trials are stopped early (ASHA); empty: every trial runs all its epochs
 */
public record SweepSpec(List<Dimension> dimensions, Method method, int trials, OptionalLong seed, Metric metric,
                        SourceSpan span, Optional<Prune> prune) {

    public SweepSpec {
        dimensions = List.copyOf(dimensions);
        java.util.Objects.requireNonNull(prune);
    }

    /** A study without pruning: every trial runs all its epochs. */
    public SweepSpec(List<Dimension> dimensions, Method method, int trials, OptionalLong seed, Metric metric,
                     SourceSpan span) {
        this(dimensions, method, trials, seed, metric, span, Optional.empty());
    }

    /** {@code prune = asha(grace = G, factor = F)} and where it is written, for errors about it. */
    public record Prune(Asha.Config asha, SourceSpan span) {
    }

    /** {@code method = grid | random}. */
    public enum Method {
        GRID, RANDOM;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code metric = valAcc | valLoss}: measured on the validation split after the trial's last epoch. */
    public enum Metric {
        VAL_ACC("valAcc", true), VAL_LOSS("valLoss", false);

        private final String word;
        private final boolean higherIsBetter;

        Metric(String word, boolean higherIsBetter) {
            this.word = word;
            this.higherIsBetter = higherIsBetter;
        }

        public String word() {
            return word;
        }

        public boolean higherIsBetter() {
            return higherIsBetter;
        }
    }
}
