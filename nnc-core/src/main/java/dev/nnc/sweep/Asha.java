package dev.nnc.sweep;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ASHA's promotion rule made deterministic (docs/sweep.md, "Pruning"): whether trial i goes on past rung k
 * depends only on the rung-k metrics of trials 0..i, never on which trial got there first. Plain ASHA decides
 * by arrival order, which P, the engine and the workers' speed change; here the order is the index.
 *
 * <p>Rung k is epoch {@code grace * factor^k}. Trial i, having reached rung k (and not having reached its last
 * epoch there), is promoted iff its metric ranks in the top {@code max(1, floor(n / factor))} of the set S of
 * trials j ≤ i that count at rung k, n = |S| (i included). Trial j counts at rung k iff it reached rung k and
 * was promoted at every earlier rung; a trial that ended before rung k (pruned earlier, failed, fewer epochs)
 * does not. Ranking: the better metric first, NaN last, a tie goes to the lower index. The decision is
 * pending while some j < i may still count or not (running, not yet at rung k, or its own decision pending).
 *
 * <p>Holds the reports of a study; no threads, no I/O: callers synchronize. Every decision, once made, is
 * final and the same whatever order the reports came in.
 */
public final class Asha {

    /** {@code prune = asha(grace = G, factor = F)}. */
    public record Config(int grace, int factor) {
        public Config {
            Preconditions.checkArgument(grace >= 1 && factor >= 2, "asha(grace = %s, factor = %s)", grace, factor);
        }

        /** The epoch of rung {@code k}: grace·factor^k (saturating, so it never wraps). */
        public long rungEpoch(int k) {
            long e = grace;
            for (int i = 0; i < k && e <= Integer.MAX_VALUE; i++) {
                e *= factor;
            }
            return e;
        }

        /** The rung at {@code epoch}, or -1 when the epoch is no rung. */
        public int rungAt(int epoch) {
            for (int k = 0; rungEpoch(k) <= epoch; k++) {
                if (rungEpoch(k) == epoch) {
                    return k;
                }
            }
            return -1;
        }

        /** The rungs where a trial of {@code epochs} epochs is decided on: those before its last epoch. */
        public int decisions(int epochs) {
            int k = 0;
            while (rungEpoch(k) < epochs) {
                k++;
            }
            return k;
        }

        public String describe() {
            return "asha(grace = " + grace + ", factor = " + factor + ")";
        }
    }

    private final Config config;
    private final boolean higherIsBetter;
    private final List<Trial> trials = new ArrayList<>();

    /** What is known of one trial: its rung metrics in rung order, its decisions, whether it ended. */
    private static final class Trial {
        final List<Double> reported = new ArrayList<>();
        final List<Boolean> decided = new ArrayList<>(); // decided.get(k): promoted at rung k
        boolean ended;
    }

    public Asha(Config config, SweepSpec.Metric metric) {
        this.config = config;
        this.higherIsBetter = metric.higherIsBetter();
    }

    public Config config() {
        return config;
    }

    private Trial at(int i) {
        while (trials.size() <= i) {
            trials.add(new Trial());
        }
        return trials.get(i);
    }

    /** Trial {@code i} reached rung {@code k} (the rungs come in order) with {@code metric}. */
    public void report(int i, int k, double metric) {
        Trial t = at(i);
        Preconditions.checkState(!t.ended, "trial %s ended", i);
        Preconditions.checkArgument(k == t.reported.size(), "trial %s reports rung %s after %s rungs", i, k,
                t.reported.size());
        t.reported.add(metric);
    }

    /** Trial {@code i} reports nothing more: it finished, failed or was pruned. */
    public void end(int i) {
        at(i).ended = true;
    }

    /**
     * Whether trial {@code i} is promoted at rung {@code k} (it must have reported rung k): empty while pending.
     */
    public Optional<Boolean> decision(int i, int k) {
        Preconditions.checkArgument(k < at(i).reported.size(), "trial %s has not reached rung %s", i, k);
        // predecessors first, in index order, so each decision below finds the ones it needs already made
        for (int j = 0; j <= i; j++) {
            Trial t = at(j);
            for (int r = t.decided.size(); r < t.reported.size() && (j < i || r <= k); r++) {
                if (r > 0 && !t.decided.get(r - 1)) {
                    break; // pruned at r - 1: later rungs are moot
                }
                Optional<Boolean> d = decide(j, r);
                if (d.isEmpty()) {
                    break;
                }
                t.decided.add(d.get());
            }
        }
        List<Boolean> d = at(i).decided;
        return k < d.size() ? Optional.of(d.get(k)) : Optional.empty();
    }

    /**
     * The first rung where trial {@code i} was pruned, or -1 when it was promoted at each of its first
     * {@code rungs} rungs; empty while one of those decisions is pending.
     */
    public Optional<Integer> prunedAt(int i, int rungs) {
        for (int k = 0; k < rungs; k++) {
            Optional<Boolean> d = decision(i, k);
            if (d.isEmpty()) {
                return Optional.empty();
            }
            if (!d.get()) {
                return Optional.of(k);
            }
        }
        return Optional.of(-1);
    }

    /** Trial i's decision at rung k from its predecessors' made decisions; empty when one of them is missing. */
    private Optional<Boolean> decide(int i, int k) {
        double mine = trials.get(i).reported.get(k);
        int n = 1;
        int better = 0;
        for (int j = 0; j < i; j++) {
            Optional<Boolean> counts = counts(j, k);
            if (counts.isEmpty()) {
                return Optional.empty();
            }
            if (counts.get()) {
                n++;
                if (!worse(trials.get(j).reported.get(k), mine)) { // a tie goes to the lower index, j
                    better++;
                }
            }
        }
        return Optional.of(better + 1 <= Math.max(1, n / config.factor()));
    }

    /** Whether trial j takes part at rung k; empty while that is not known yet. */
    private Optional<Boolean> counts(int j, int k) {
        Trial t = at(j);
        if (t.ended && k >= t.reported.size()) {
            return Optional.of(false); // ended before rung k
        }
        for (int r = 0; r < k; r++) {
            if (r < t.decided.size()) {
                if (!t.decided.get(r)) {
                    return Optional.of(false); // pruned before rung k
                }
            } else {
                return Optional.empty(); // its decision at r is pending
            }
        }
        return k < t.reported.size() ? Optional.of(true) : Optional.empty();
    }

    /** {@code a} ranks below {@code b}: worse by the metric, or NaN while b is not. */
    private boolean worse(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && !Double.isNaN(b);
        }
        return higherIsBetter ? a < b : a > b;
    }
}
