package dev.nnc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.graph.ScheduleSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each schedule against rates worked out by hand (the formulas of the class comments, evaluated with the numbers
 * written out in the comments here).
 */
class ScheduleTest {

    private static final double TOL = 1e-12;

    private static Schedule schedule(String name, int epochs, Object... args) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            m.put((String) args[i], args[i + 1]);
        }
        return Schedules.create(new ScheduleSpec(name, m), epochs);
    }

    @Test
    void constant() {
        Schedule s = schedule("constant", 5);
        assertFalse(s.perBatch());
        assertEquals(0.1, s.rate(0.1, 5, 3, 10, List.of()), 0.0);
    }

    @Test
    void stepMultipliesEveryFewEpochs() {
        Schedule s = schedule("step", 10, "every", 3.0, "factor", 0.5);
        assertFalse(s.perBatch());
        // epochs 1-3 at lr0, 4-6 at lr0/2, 7-9 at lr0/4; the step within the epoch does not matter
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025};
        for (int e = 1; e <= 7; e++) {
            assertEquals(expected[e - 1], s.rate(0.1, e, 0, 4, List.of()), TOL, "epoch " + e);
            assertEquals(expected[e - 1], s.rate(0.1, e, 3, 4, List.of()), TOL, "epoch " + e);
        }
    }

    @Test
    void exponentialIsTheOldLrDecayToTheBit() {
        Schedule s = schedule("exponential", 5, "rate", 0.9);
        assertEquals(0.1, s.rate(0.1, 1, 0, 4, List.of()), 0.0);
        assertEquals(0.081, s.rate(0.1, 3, 0, 4, List.of()), TOL); // 0.1 · 0.9²
        assertEquals(0.1 * Math.pow(0.9, 4), s.rate(0.1, 5, 2, 4, List.of()), 0.0);
    }

    @Test
    void cosineWarmsUpLinearlyThenFollowsHalfACosine() {
        // 3 epochs of 4 steps: T = 12, W = 4 warm-up steps, lr0 = 0.1, minLr = 0.001
        Schedule s = schedule("cosine", 3, "warmup", 1.0, "minLr", 0.001);
        assertTrue(s.perBatch());
        double[] warm = {0.025, 0.05, 0.075, 0.1}; // lr0 · (s + 1) / 4
        for (int b = 0; b < 4; b++) {
            assertEquals(warm[b], s.rate(0.1, 1, b, 4, List.of()), TOL, "warm-up step " + b);
        }
        // s = 4: cos(0) = 1, the peak
        assertEquals(0.1, s.rate(0.1, 2, 0, 4, List.of()), TOL);
        // s = 8: (8 - 4) / 8 = 1/2, cos(π/2) = 0: minLr + 0.099 / 2
        assertEquals(0.0505, s.rate(0.1, 3, 0, 4, List.of()), TOL);
        // s = 10: 6/8, cos(3π/4) = -0.70710678: 0.001 + 0.099 · 0.14644661 = 0.0154982144
        assertEquals(0.0154982144, s.rate(0.1, 3, 2, 4, List.of()), 1e-10);
        // s = 11, the last step: 7/8, cos(7π/8) = -0.92387953: 0.001 + 0.099 · 0.03806023 = 0.0047679632
        assertEquals(0.0047679632, s.rate(0.1, 3, 3, 4, List.of()), 1e-10);
    }

    @Test
    void cosineWithoutWarmUpStartsAtTheTopAndAFractionalWarmUpRoundsToSteps() {
        assertEquals(0.1, schedule("cosine", 2, "warmup", 0.0, "minLr", 0.0).rate(0.1, 1, 0, 4, List.of()), 0.0);
        Schedule half = schedule("cosine", 2, "warmup", 0.5, "minLr", 0.0);
        assertEquals(0.05, half.rate(0.1, 1, 0, 4, List.of()), TOL); // W = round(0.5 · 4) = 2
        assertEquals(0.1, half.rate(0.1, 1, 1, 4, List.of()), TOL);
        assertEquals(0.1, half.rate(0.1, 1, 2, 4, List.of()), TOL);
        var e = assertThrows(IllegalArgumentException.class, () -> schedule("cosine", 2, "warmup", 2.0, "minLr", 0.0));
        assertEquals("cosine: warmup = 2 epochs leaves none of the 2 epochs to anneal; make it smaller than epochs",
                e.getMessage());
    }

    @Test
    void aFractionalWarmUpThatRoundsToTheWholeRunLeavesItsLastStepToAnneal() {
        // 1 epoch of 1 batch: round(0.5 · 1) = 1 warm-up step would leave 0 to anneal (0/0, a NaN rate)
        Schedule tiny = schedule("cosine", 1, "warmup", 0.5, "minLr", 0.0);
        assertEquals(0.1, tiny.rate(0.1, 1, 0, 1, List.of()), 0.0);
        // 1 epoch of 3 batches: round(0.5 · 3) = 2 warm-up steps, then the last step anneals from the top
        Schedule three = schedule("cosine", 1, "warmup", 0.5, "minLr", 0.0);
        assertEquals(0.05, three.rate(0.1, 1, 0, 3, List.of()), TOL);
        assertEquals(0.1, three.rate(0.1, 1, 1, 3, List.of()), TOL);
        assertEquals(0.1, three.rate(0.1, 1, 2, 3, List.of()), TOL);
    }

    @Test
    void oneCycleRisesToTheOptimizersRateAndFallsFarBelowTheStart() {
        // 2 epochs of 5 steps: T = 10; lr0 = 1, start 1/10 = 0.1, end 0.1/100 = 0.001; e1 = 0.25 · 10 - 1 = 1.5
        Schedule s = schedule("oneCycle", 2, "pctStart", 0.25, "div", 10.0, "finalDiv", 100.0);
        assertTrue(s.perBatch());
        assertEquals(0.1, s.rate(1, 1, 0, 5, List.of()), TOL);
        // s = 1: p = 1/1.5, cos(2π/3) = -1/2: 1 + (0.1 - 1) · (1 - 1/2) / 2 = 0.775
        assertEquals(0.775, s.rate(1, 1, 1, 5, List.of()), TOL);
        // s = 2: p = (2 - 1.5) / (10 - 1 - 1.5) = 1/15, cos(12°) = 0.97814760: 0.001 + 0.999 · 0.98907380
        assertEquals(0.98908473, s.rate(1, 1, 2, 5, List.of()), 1e-8);
        // the last step, s = 9: p = 1, the end rate
        assertEquals(0.001, s.rate(1, 2, 4, 5, List.of()), TOL);
    }

    private static EpochStats epoch(int e, double valLoss, double valAcc) {
        return new EpochStats(e, 1.0, 0.5, valLoss, valAcc, 0.1, 1.0);
    }

    @Test
    void reduceOnPlateauHalvesAfterPatienceEpochsWithoutABetterValidationLoss() {
        Schedule s = schedule("reduceOnPlateau", 20, "monitor", "valLoss", "patience", 2.0, "factor", 0.5,
                "minLr", 0.02);
        assertFalse(s.perBatch());
        double[] loss = {1.0, 0.9, 0.95, 0.9, 0.8, 0.85, 0.85, 0.85, 0.85};
        List<EpochStats> h = new ArrayList<>();
        for (int e = 1; e <= loss.length; e++) {
            h.add(epoch(e, loss[e - 1], Double.NaN));
        }
        // e3 worse, e4 equal (not strictly better): 2 epochs without improvement, reduce after e4 -> 0.05;
        // e5 best; e6, e7 not: reduce after e7 -> 0.025; e8, e9 not: 0.0125, held at minLr 0.02
        double[] expected = {0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.02};
        for (int e = 1; e <= 10; e++) {
            assertEquals(expected[e - 1], s.rate(0.1, e, 0, 4, h.subList(0, e - 1)), TOL, "epoch " + e);
        }
    }

    @Test
    void reduceOnPlateauOnAccuracyWantsItHigher() {
        Schedule s = schedule("reduceOnPlateau", 20, "monitor", "valAcc", "patience", 1.0, "factor", 0.1,
                "minLr", 0.0);
        List<EpochStats> h = List.of(epoch(1, 9, 0.5), epoch(2, 9, 0.6), epoch(3, 9, 0.6), epoch(4, 9, 0.55));
        assertEquals(0.1, s.rate(0.1, 3, 0, 4, h.subList(0, 2)), TOL);  // 0.6 > 0.5: better (the loss is ignored)
        assertEquals(0.01, s.rate(0.1, 4, 0, 4, h.subList(0, 3)), TOL); // 0.6 again: reduce
        assertEquals(0.001, s.rate(0.1, 5, 0, 4, h), TOL);              // 0.55: reduce again
        // epochs without the figure (an older history.csv) count neither way
        List<EpochStats> unmeasured = List.of(epoch(1, 9, Double.NaN), epoch(2, 9, Double.NaN), epoch(3, 9, 0.5));
        assertEquals(0.1, s.rate(0.1, 4, 0, 4, unmeasured), TOL);
    }

    @Test
    void theRecordedRateHasNoFloatNoise() {
        assertEquals("0.0018", Double.toString(Schedules.recorded(0.0018000000000000002)));
        assertEquals("0.04", Double.toString(Schedules.recorded(0.05 * 0.8)));
        assertEquals(1.23456789012e-7, Schedules.recorded(1.2345678901234e-7), 0.0);
        assertEquals(0.0, Schedules.recorded(0.0), 0.0);
    }

    @Test
    void unknownNamesAndMissingArgumentsAreRefused() {
        assertEquals("unknown schedule 'linear'; known: constant, step, exponential, cosine, oneCycle, reduceOnPlateau",
                assertThrows(IllegalArgumentException.class, () -> schedule("linear", 3)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> schedule("step", 3, "every", 2.0));
        assertThrows(IllegalArgumentException.class, () -> schedule("reduceOnPlateau", 3, "monitor", "loss",
                "patience", 2.0, "factor", 0.5, "minLr", 0.0));
    }
}
