package dev.nnc.cli;

import dev.nnc.sweep.SweepSpec;
import dev.nnc.sweep.Trial;
import dev.nnc.sweep.TrialResult;
import dev.nnc.train.EpochStats;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live table {@code nnc sweep} keeps on a terminal: one row per trial started (rank, trial, the swept
 * values, epoch, metric, status), redrawn in place as epochs and trials end. {@link #render} is a pure function
 * of the rows; the listener part only keeps them and rewrites the lines it drew last (ANSI cursor-up, erase).
 */
final class SweepTable {

    /** What the table knows of a trial. {@code epoch} 0 and a NaN metric: none measured yet. */
    record Row(Trial trial, Status status, int epoch, double metric) {
    }

    enum Status {
        RUNNING, FINISHED, PRUNED, FAILED;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private SweepTable() {
    }

    /**
     * The table's lines: running trials first (by index), then the ended ones as the leaderboard will rank
     * them (finished, pruned, failed; rank for all but failed ones), at most {@code maxRows} trial rows.
     */
    static List<String> render(List<String> keys, SweepSpec.Metric metric, int trials, List<Row> rows, int maxRows) {
        List<Row> running = rows.stream().filter(r -> r.status() == Status.RUNNING)
                .sorted(Comparator.comparingInt(r -> r.trial().index())).toList();
        List<Row> ended = rows.stream().filter(r -> r.status() != Status.RUNNING).sorted((a, b) -> {
            if (a.status() != b.status()) {
                return a.status().compareTo(b.status());
            }
            if (a.status() == Status.PRUNED && a.epoch() != b.epoch()) {
                return Integer.compare(b.epoch(), a.epoch());
            }
            boolean an = Double.isNaN(a.metric());
            boolean bn = Double.isNaN(b.metric());
            int c = an != bn ? (an ? 1 : -1) : an ? 0 : metric.higherIsBetter()
                    ? Double.compare(b.metric(), a.metric()) : Double.compare(a.metric(), b.metric());
            return c != 0 ? c : Integer.compare(a.trial().index(), b.trial().index());
        }).toList();
        List<String> header = new ArrayList<>(List.of("rank", "trial"));
        header.addAll(keys);
        header.addAll(List.of("epoch", metric.word(), "status"));
        List<List<String>> cells = new ArrayList<>();
        for (Row r : running) {
            cells.add(cells(r, "", keys));
        }
        int rank = 0;
        for (Row r : ended) {
            cells.add(cells(r, r.status() == Status.FAILED ? "" : Integer.toString(++rank), keys));
        }
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : cells) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        long done = ended.size();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%d of %d trials ended, %d running", done, trials, running.size()));
        out.add(line(header, width));
        int shown = Math.min(cells.size(), maxRows);
        for (List<String> row : cells.subList(0, shown)) {
            out.add(line(row, width));
        }
        if (shown < cells.size()) {
            out.add("... " + (cells.size() - shown) + " more (leaderboard.md has them all)");
        }
        return out;
    }

    private static List<String> cells(Row r, String rank, List<String> keys) {
        List<String> c = new ArrayList<>(List.of(rank, Integer.toString(r.trial().index())));
        keys.forEach(k -> c.add(r.trial().config().getOrDefault(k, "")));
        c.add(r.epoch() == 0 ? "-" : Integer.toString(r.epoch()));
        c.add(Double.isNaN(r.metric()) ? "-" : String.format(Locale.ROOT, "%.4f", r.metric()));
        c.add(r.status().word());
        return c;
    }

    /** Numbers right-aligned (rank, trial, epoch, metric), text left-aligned. */
    private static String line(List<String> cells, int[] width) {
        StringBuilder sb = new StringBuilder();
        int n = cells.size();
        for (int c = 0; c < n; c++) {
            boolean right = c < 2 || c == n - 3 || c == n - 2;
            String v = cells.get(c);
            String pad = " ".repeat(width[c] - v.length());
            sb.append(c == 0 ? "" : "  ").append(right ? pad + v : c == n - 1 ? v : v + pad);
        }
        return sb.toString();
    }

    /** Keeps the rows from a study's events and redraws the table in place on each. */
    static final class Live implements dev.nnc.api.Sweep.StudyListener {

        private final PrintWriter out;
        private final List<String> keys;
        private final SweepSpec.Metric metric;
        private final int trials;
        private final int maxRows;
        private final Map<Integer, Row> rows = new TreeMap<>();
        private int drawn;

        Live(PrintWriter out, List<String> keys, SweepSpec.Metric metric, int trials, int maxRows) {
            this.out = out;
            this.keys = keys;
            this.metric = metric;
            this.trials = trials;
            this.maxRows = maxRows;
        }

        @Override
        public synchronized void trialStarted(Trial t) {
            rows.put(t.index(), new Row(t, Status.RUNNING, 0, Double.NaN));
            redraw();
        }

        @Override
        public synchronized void epochDone(Trial t, EpochStats s) {
            Row r = rows.get(t.index());
            if (r != null && r.status() == Status.RUNNING) {
                rows.put(t.index(), new Row(t, Status.RUNNING, s.epoch(),
                        metric == SweepSpec.Metric.VAL_ACC ? s.valAcc() : s.valLoss()));
                redraw();
            }
        }

        @Override
        public synchronized void trialFinished(TrialResult r) {
            Status s = switch (r.status()) {
                case FINISHED -> Status.FINISHED;
                case PRUNED -> Status.PRUNED;
                case FAILED -> Status.FAILED;
            };
            rows.put(r.trial().index(), new Row(r.trial(), s, r.epochs(), r.metric(metric)));
            redraw();
        }

        private void redraw() {
            List<String> lines = render(keys, metric, trials, List.copyOf(rows.values()), maxRows);
            StringBuilder sb = new StringBuilder();
            if (drawn > 0) {
                sb.append("\033[").append(drawn).append('F'); // to the start of the table drawn last
            }
            for (String l : lines) {
                sb.append("\033[2K").append(l).append('\n');
            }
            sb.append("\033[J"); // erase what is left below, when the table got shorter
            out.print(sb);
            out.flush();
            drawn = lines.size();
        }
    }
}
