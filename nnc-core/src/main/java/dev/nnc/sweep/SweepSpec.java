package dev.nnc.sweep;

import dev.nnc.diag.SourceSpan;
import java.util.List;
import java.util.OptionalLong;

/**
 * A checked {@code sweep { }} block: the dimensions in source order, how trials are drawn, how many, the
 * study seed when the block fixes one, and the metric that ranks them.
 *
 * @param trials the number of trials: every combination for a grid, {@code trials = N} for a random search
 * @param span   the block, for diagnostics that concern the whole study
 */
public record SweepSpec(List<Dimension> dimensions, Method method, int trials, OptionalLong seed, Metric metric,
                        SourceSpan span) {

    public SweepSpec {
        dimensions = List.copyOf(dimensions);
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
