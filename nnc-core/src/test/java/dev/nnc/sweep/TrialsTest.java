package dev.nnc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.diag.SourceSpan;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link Trials}: a study's trials follow from (study seed, index) alone. */
class TrialsTest {

    private static final SourceSpan AT = SourceSpan.ofFile("m.nn");

    private static Dimension.Choice choice(String key, String... values) {
        return new Dimension.Choice(key, List.of(values), List.of(values).stream().map(v -> AT).toList(), AT);
    }

    private static SweepSpec grid(Dimension... dims) {
        return new SweepSpec(List.of(dims), SweepSpec.Method.GRID, (int) Trials.gridSize(List.of(dims)),
                OptionalLong.empty(), SweepSpec.Metric.VAL_ACC, AT);
    }

    private static SweepSpec random(int trials) {
        return new SweepSpec(List.of(new Dimension.Uniform("lr", 1e-5, 1e-1, true, AT),
                new Dimension.Uniform("l2", 0, 0.5, false, AT), new Dimension.IntRange("width", 10, 20, AT),
                choice("optimizer", "sgd", "adam")), SweepSpec.Method.RANDOM, trials, OptionalLong.empty(),
                SweepSpec.Metric.VAL_LOSS, AT);
    }

    @Test
    void aGridEnumeratesLikeNestedLoopsTheFirstKeyOutermost() {
        SweepSpec spec = grid(choice("lr", "1e-3", "1e-2", "1e-1"), new Dimension.IntRange("depth", 2, 3, AT));
        assertEquals(6, spec.trials());
        List<Map<String, String>> configs = Trials.all(spec, 0).stream().map(Trial::config).toList();
        assertEquals(List.of(Map.of("lr", "1e-3", "depth", "2"), Map.of("lr", "1e-3", "depth", "3"),
                Map.of("lr", "1e-2", "depth", "2"), Map.of("lr", "1e-2", "depth", "3"),
                Map.of("lr", "1e-1", "depth", "2"), Map.of("lr", "1e-1", "depth", "3")), configs);
        assertEquals(List.of("lr", "depth"), List.copyOf(configs.get(0).keySet()), "the block's key order");
    }

    @Test
    void theSameStudySeedGivesTheSameTrialsAndAnotherOneOthers() {
        assertEquals(Trials.all(random(20), 42), Trials.all(random(20), 42));
        assertNotEquals(Trials.all(random(20), 42), Trials.all(random(20), 43));
        SweepSpec g = grid(choice("lr", "1", "2"));
        assertNotEquals(Trials.all(g, 1).get(0).seed(), Trials.all(g, 2).get(0).seed(), "seeds follow the study's");
    }

    @Test
    void trialIDependsOnlyOnTheStudySeedAndINotOnHowManyTrialsThereAre() {
        List<Trial> few = Trials.all(random(5), 9);
        List<Trial> many = Trials.all(random(50), 9);
        assertEquals(few, many.subList(0, 5));
        assertEquals(many.get(37), Trials.trial(random(50), 9, 37));
    }

    @Test
    void randomValuesStayInTheirRangesAndReadBackExactly() {
        Set<String> optimizers = new HashSet<>();
        Set<Long> seeds = new HashSet<>();
        for (Trial t : Trials.all(random(200), 5)) {
            double lr = Double.parseDouble(t.config().get("lr"));
            assertTrue(lr >= 1e-5 && lr < 1e-1, t.toString());
            assertEquals(t.config().get("lr"), Double.toString(lr), "a double written to read back bit for bit");
            double l2 = Double.parseDouble(t.config().get("l2"));
            assertTrue(l2 >= 0 && l2 < 0.5, t.toString());
            long width = Long.parseLong(t.config().get("width"));
            assertTrue(width >= 10 && width <= 20, t.toString());
            optimizers.add(t.config().get("optimizer"));
            assertTrue(t.seed() >= 0 && t.seed() <= Integer.MAX_VALUE, "a seed the train block accepts");
            seeds.add(t.seed());
        }
        assertEquals(Set.of("sgd", "adam"), optimizers);
        assertEquals(200, seeds.size(), "each trial trains with its own seed");
    }

    @Test
    void logUniformSpreadsOverTheDecades() {
        int below1e3 = 0;
        for (Trial t : Trials.all(random(400), 11)) {
            below1e3 += Double.parseDouble(t.config().get("lr")) < 1e-3 ? 1 : 0;
        }
        // 1e-5..1e-3 is half of the four decades: a uniform draw would put ~1% there, log-uniform ~50%.
        assertTrue(below1e3 > 140 && below1e3 < 260, "below 1e-3: " + below1e3 + " of 400");
    }

    @Test
    void gridSizeRefusesContinuousAndHugeGrids() {
        assertEquals(-1, Trials.gridSize(List.of(new Dimension.Uniform("lr", 0, 1, false, AT))));
        assertEquals(-1, Trials.gridSize(List.of(new Dimension.IntRange("a", 1, 1000, AT),
                new Dimension.IntRange("b", 1, 1000, AT))));
        assertEquals(12, Trials.gridSize(List.of(choice("a", "1", "2", "3"), new Dimension.IntRange("b", 0, 3, AT))));
    }
}
