package dev.nnc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link Asha}: the deterministic promotion rule on hand-worked examples (docs/sweep.md, "Pruning"). */
class AshaTest {

    private static final Optional<Boolean> PROMOTED = Optional.of(true);
    private static final Optional<Boolean> PRUNED = Optional.of(false);
    private static final Optional<Boolean> PENDING = Optional.empty();

    private static Asha asha(SweepSpec.Metric metric) {
        return new Asha(new Asha.Config(1, 3), metric);
    }

    @Test
    void rungsAreGraceTimesPowersOfTheFactorBeforeTheLastEpoch() {
        Asha.Config c = new Asha.Config(1, 3);
        assertEquals(List.of(1L, 3L, 9L, 27L), List.of(c.rungEpoch(0), c.rungEpoch(1), c.rungEpoch(2), c.rungEpoch(3)));
        assertEquals(List.of(-1, 0, -1, 1, -1, 2), List.of(c.rungAt(0), c.rungAt(1), c.rungAt(2), c.rungAt(3),
                c.rungAt(4), c.rungAt(9)));
        assertEquals(2, c.decisions(9), "decided at epochs 1 and 3; at 9 it has finished");
        assertEquals(3, c.decisions(10));
        assertEquals(0, new Asha.Config(2, 2).decisions(2));
        assertEquals(1, new Asha.Config(2, 2).decisions(3));
        assertThrows(IllegalArgumentException.class, () -> new Asha.Config(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new Asha.Config(1, 1));
    }

    /**
     * Six trials reach rung 0 in index order: n = 1, 2, ..., 6 with top max(1, n/3) = 1, 1, 1, 1, 1, 2.
     * 0.50 alone: promoted. 0.60 over 0.50: promoted. 0.40, third of 3: pruned. 0.70, first of 4: promoted.
     * 0.30, last of 5: pruned. 0.65, second of 6 (after 0.70): promoted.
     */
    @Test
    void eachTrialIsRankedAmongItsPredecessorsAtTheRung() {
        Asha a = asha(SweepSpec.Metric.VAL_ACC);
        double[] acc = {0.50, 0.60, 0.40, 0.70, 0.30, 0.65};
        List<Optional<Boolean>> got = new java.util.ArrayList<>();
        for (int i = 0; i < acc.length; i++) {
            a.report(i, 0, acc[i]);
            got.add(a.decision(i, 0));
        }
        assertEquals(List.of(PROMOTED, PROMOTED, PRUNED, PROMOTED, PRUNED, PROMOTED), got);
    }

    @Test
    void theSameDecisionsWhateverOrderTheReportsArriveIn() {
        Asha a = asha(SweepSpec.Metric.VAL_ACC);
        a.report(2, 0, 0.40);
        a.report(1, 0, 0.60);
        assertEquals(PENDING, a.decision(2, 0), "trial 0 may still count");
        assertEquals(PENDING, a.decision(1, 0));
        a.report(0, 0, 0.50);
        assertEquals(PRUNED, a.decision(2, 0));
        assertEquals(PROMOTED, a.decision(1, 0));
        assertEquals(PROMOTED, a.decision(0, 0));
    }

    @Test
    void aLowerMetricIsBetterForValLossAndATieGoesToTheLowerIndex() {
        Asha loss = asha(SweepSpec.Metric.VAL_LOSS);
        loss.report(0, 0, 0.9);
        loss.report(1, 0, 0.5);
        assertEquals(PROMOTED, loss.decision(1, 0), "0.5 is the better loss");
        Asha tie = asha(SweepSpec.Metric.VAL_ACC);
        tie.report(0, 0, 0.5);
        tie.report(1, 0, 0.5);
        assertEquals(PRUNED, tie.decision(1, 0), "tied with trial 0, which ranks first");
        Asha nan = asha(SweepSpec.Metric.VAL_LOSS);
        nan.report(0, 0, Double.NaN);
        nan.report(1, 0, 3.0);
        assertEquals(PROMOTED, nan.decision(1, 0), "NaN ranks last");
    }

    @Test
    void aTrialThatEndedBeforeTheRungDoesNotCountOneThatReachedItDoes() {
        Asha a = asha(SweepSpec.Metric.VAL_ACC);
        a.report(0, 0, 0.9);
        a.end(0); // failed (or finished) after rung 0: it counts there, not at rung 1
        a.report(1, 0, 0.8);
        assertEquals(PRUNED, a.decision(1, 0), "trial 0 reached rung 0, so it counts: n = 2, top 1 is its 0.9");
        a.report(2, 0, 0.95);
        assertEquals(PROMOTED, a.decision(2, 0));
        a.report(2, 1, 0.1);
        assertEquals(PROMOTED, a.decision(2, 1), "alone at rung 1: trial 0 ended before it, trial 1 was pruned");
    }

    @Test
    void failedPredecessorsDoNotCount() {
        Asha a = asha(SweepSpec.Metric.VAL_ACC);
        a.end(0); // failed in its first epoch
        a.report(1, 0, 0.1);
        a.report(2, 0, 0.2);
        assertEquals(PROMOTED, a.decision(1, 0), "alone at the rung");
        assertEquals(PROMOTED, a.decision(2, 0), "n = 2: top 1, and 0.2 beats 0.1");
        a.report(3, 0, 0.15);
        assertEquals(PRUNED, a.decision(3, 0), "n = 3: top 1 is 0.2");
    }

    /**
     * Rung 1: trial 1 was pruned at rung 0 but reported rung 1 while its decision was pending; it does not count
     * there. Trial 2's rung-1 decision waits for trial 1's rung-0 decision, which waits for trial 0.
     */
    @Test
    void aTrialPrunedEarlierDoesNotCountAtALaterRungEvenIfItGotThere() {
        Asha a = asha(SweepSpec.Metric.VAL_ACC);
        a.report(1, 0, 0.3);
        a.report(1, 1, 0.95); // kept training while pending
        a.report(2, 0, 0.6);
        a.report(2, 1, 0.7);
        assertEquals(PENDING, a.decision(2, 1));
        assertEquals(Optional.empty(), a.prunedAt(1, 2));
        a.report(0, 0, 0.5);
        assertEquals(PENDING, a.decision(2, 1), "trial 0 may reach rung 1 yet");
        assertEquals(PRUNED, a.decision(1, 0));
        assertEquals(Optional.of(0), a.prunedAt(1, 2));
        assertEquals(PROMOTED, a.decision(2, 0), "trial 1 reached rung 0, so n = 3 there: 0.6 ranks first");
        a.report(0, 1, 0.8);
        assertEquals(PROMOTED, a.decision(0, 1));
        assertEquals(PRUNED, a.decision(2, 1), "n = 2 at rung 1 (trials 0 and 2): top 1 is trial 0's 0.8, not 0.95");
        assertEquals(Optional.of(1), a.prunedAt(2, 2));
        assertEquals(Optional.of(-1), a.prunedAt(0, 2));
    }

    @Test
    void reportsComeInRungOrder() {
        Asha a = asha(SweepSpec.Metric.VAL_ACC);
        assertThrows(IllegalArgumentException.class, () -> a.report(0, 1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> a.decision(0, 0));
    }
}
