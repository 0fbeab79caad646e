package dev.nnc.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Journal}: append-only, and a line torn by a kill is ignored, then cut off before the next append. */
class JournalTest {

    @TempDir
    Path dir;

    private static final Trial T0 = new Trial(0, Map.of("lr", "1e-3"), 11);
    private static final Trial T1 = new Trial(1, Map.of("lr", "1e-2"), 12);

    @Test
    void outcomesAreTheLastFinishedOrFailedLineOfEachTrial() {
        try (Journal j = Journal.open(dir)) {
            j.started(T0);
            j.epoch(0, 1, 2.3, 0.1, Double.NaN);
            j.finished(T0, 0.5, 1.25, 1, 3.0);
            j.started(T1);
            j.failed(T1, "training diverged", 0.5);
        }
        List<JsonObject> events = Journal.read(dir);
        assertEquals(List.of("started", "epoch", "finished", "started", "failed"),
                events.stream().map(o -> o.get("event").getAsString()).toList());
        assertTrue(events.get(1).get("valAcc").isJsonNull(), "NaN is written as null");
        Map<Integer, TrialResult> out = TrialResult.outcomes(events);
        assertEquals(T0, out.get(0).trial());
        assertEquals(0.5, out.get(0).valAcc());
        assertEquals(1.25, out.get(0).valLoss());
        assertEquals("training diverged", out.get(1).error().orElseThrow());
        assertEquals(List.of(0, 1), TrialResult.ranked(out.values(), SweepSpec.Metric.VAL_ACC).stream()
                .map(r -> r.trial().index()).toList(), "failed trials rank last");
    }

    @Test
    void aTornLastLineIsIgnoredAndCutOffBeforeAppending() throws IOException {
        try (Journal j = Journal.open(dir)) {
            j.finished(T0, 0.5, 1.0, 1, 1.0);
        }
        Files.writeString(dir.resolve(Journal.FILE), "{\"event\":\"finished\",\"trial\":1,\"con",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertEquals(1, Journal.read(dir).size());
        try (Journal j = Journal.open(dir)) {
            j.finished(T1, 0.25, 2.0, 1, 1.0);
        }
        List<String> lines = Files.readAllLines(dir.resolve(Journal.FILE));
        assertEquals(2, lines.size(), lines.toString());
        assertEquals(Map.of(0, 0.5, 1, 0.25), Map.of(0, TrialResult.outcomes(Journal.read(dir)).get(0).valAcc(),
                1, TrialResult.outcomes(Journal.read(dir)).get(1).valAcc()));
    }

    @Test
    void rankingByLossPutsTheLowestFirst() {
        List<TrialResult> r = TrialResult.ranked(List.of(
                new TrialResult(T0, 0.9, 0.7, 1, 1, java.util.Optional.empty()),
                new TrialResult(T1, 0.8, 0.3, 1, 1, java.util.Optional.empty())), SweepSpec.Metric.VAL_LOSS);
        assertEquals(1, r.get(0).trial().index());
        assertEquals(0, TrialResult.ranked(r, SweepSpec.Metric.VAL_ACC).get(0).trial().index());
    }
}
