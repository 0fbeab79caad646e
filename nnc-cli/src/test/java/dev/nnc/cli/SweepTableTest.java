package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.sweep.SweepSpec;
import dev.nnc.sweep.Trial;
import dev.nnc.sweep.TrialResult;
import dev.nnc.train.EpochStats;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link SweepTable}: the live table's lines from its rows, and the in-place redraw. */
class SweepTableTest {

    private static Trial trial(int i, String lr) {
        return new Trial(i, Map.of("lr", lr), 100 + i);
    }

    private static SweepTable.Row row(int i, String lr, SweepTable.Status s, int epoch, double metric) {
        return new SweepTable.Row(trial(i, lr), s, epoch, metric);
    }

    @Test
    void runningTrialsFirstThenEndedOnesAsTheLeaderboardRanksThem() {
        List<String> lines = SweepTable.render(List.of("lr"), SweepSpec.Metric.VAL_ACC, 6, List.of(
                row(0, "1e-3", SweepTable.Status.FINISHED, 4, 0.61),
                row(1, "1e-2", SweepTable.Status.PRUNED, 1, 0.90),
                row(2, "1e-1", SweepTable.Status.FINISHED, 4, 0.83),
                row(3, "1", SweepTable.Status.FAILED, 0, Double.NaN),
                row(5, "3e-2", SweepTable.Status.RUNNING, 2, 0.7512),
                row(4, "3e-3", SweepTable.Status.RUNNING, 0, Double.NaN)), 20);
        assertEquals(List.of(
                "4 of 6 trials ended, 2 running",
                "rank  trial  lr    epoch  valAcc  status",
                "          4  3e-3      -       -  running",
                "          5  3e-2      2  0.7512  running",
                "   1      2  1e-1      4  0.8300  finished",
                "   2      0  1e-3      4  0.6100  finished",
                "   3      1  1e-2      1  0.9000  pruned",
                "          3  1         -       -  failed"), lines);
    }

    @Test
    void aLowerLossRanksFirstAndLongTablesAreCut() {
        List<String> lines = SweepTable.render(List.of("lr"), SweepSpec.Metric.VAL_LOSS, 3, List.of(
                row(0, "a", SweepTable.Status.FINISHED, 2, 0.9),
                row(1, "b", SweepTable.Status.FINISHED, 2, 0.4),
                row(2, "c", SweepTable.Status.FINISHED, 2, 0.7)), 2);
        assertEquals(List.of(
                "3 of 3 trials ended, 0 running",
                "rank  trial  lr  epoch  valLoss  status",
                "   1      1  b       2   0.4000  finished",
                "   2      2  c       2   0.7000  finished",
                "... 1 more (leaderboard.md has them all)"), lines);
    }

    /** Each event redraws the table: back up over the lines drawn last, erase each line, then below. */
    @Test
    void theLiveListenerRedrawsInPlace() {
        StringWriter w = new StringWriter();
        SweepTable.Live live = new SweepTable.Live(new PrintWriter(w), List.of("lr"), SweepSpec.Metric.VAL_ACC, 1, 20);
        live.trialStarted(trial(0, "1e-2"));
        String first = w.toString();
        assertEquals("\033[2K0 of 1 trials ended, 1 running\n", first.substring(0, first.indexOf('\n') + 1),
                "nothing drawn yet: no cursor movement");
        assertEquals(3, first.split("\n", -1).length - 1, "3 lines: summary, header, one row");
        live.epochDone(trial(0, "1e-2"), new EpochStats(1, 0.5, 0.8, 0.6, 0.75, 1e-2, 1.0));
        live.trialFinished(new TrialResult(trial(0, "1e-2"), 0.8, 0.5, 2, 3.0, Optional.empty(), OptionalInt.empty()));
        String all = w.toString();
        String last = all.substring(all.lastIndexOf("\033[3F"));
        assertTrue(last.startsWith("\033[3F\033[2K1 of 1 trials ended, 0 running\n"), last);
        assertTrue(last.contains("   1      0  1e-2      2  0.8000  finished\n\033[J"), last);
        assertEquals(2, all.split("\033\\[3F", -1).length - 1, "the epoch and the end each redraw the table");
    }
}
