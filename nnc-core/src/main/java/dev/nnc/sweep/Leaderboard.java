package dev.nnc.sweep;

import dev.nnc.io.AtomicFiles;
import dev.nnc.io.RunFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code leaderboard.csv} (RFC 4180, one row per trial, best first) and {@code leaderboard.md} (the same as a
 * Markdown table), written atomically from the journal's outcomes, in {@link TrialResult#ranked} order: finished
 * trials, then pruned ones (ranked too), then failed ones (no rank).
 */
public final class Leaderboard {

    public static final String CSV = "leaderboard.csv";
    public static final String MD = "leaderboard.md";

    private Leaderboard() {
    }

    public static void write(Path studyDir, List<String> keys, List<TrialResult> ranked, SweepSpec.Metric metric) {
        List<String> header = new ArrayList<>(List.of("rank", "trial", "status"));
        header.addAll(keys);
        header.addAll(List.of("seed", "valAcc", "valLoss", "epochs", "seconds"));
        List<List<String>> rows = new ArrayList<>();
        int rank = 0;
        for (TrialResult r : ranked) {
            List<String> row = new ArrayList<>();
            row.add(r.failed() ? "" : Integer.toString(++rank));
            row.add(Integer.toString(r.trial().index()));
            row.add(r.status().word());
            keys.forEach(k -> row.add(r.trial().config().getOrDefault(k, "")));
            row.add(Long.toString(r.trial().seed()));
            row.add(fmt(r.valAcc()));
            row.add(fmt(r.valLoss()));
            row.add(Integer.toString(r.epochs()));
            row.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            rows.add(row);
        }
        StringBuilder csv = new StringBuilder(csvLine(header));
        rows.forEach(r -> csv.append(csvLine(r)));
        StringBuilder md = new StringBuilder("Trials ranked by " + metric.word() + " ("
                + (metric.higherIsBetter() ? "higher" : "lower") + " is better).\n\n");
        md.append(mdLine(header)).append('|').append("---|".repeat(header.size())).append('\n');
        rows.forEach(r -> md.append(mdLine(r)));
        try {
            AtomicFiles.writeString(studyDir.resolve(CSV), csv.toString());
            AtomicFiles.writeString(studyDir.resolve(MD), md.toString());
        } catch (IOException e) {
            throw RunFileException.cannotWrite(studyDir.resolve(CSV), e);
        }
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String csvLine(List<String> cells) {
        List<String> quoted = new ArrayList<>();
        for (String c : cells) {
            quoted.add(c.matches(".*[\",\\r\\n].*") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        return String.join(",", quoted) + "\r\n";
    }

    private static String mdLine(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(c -> c.replace("|", "\\|")).toList()) + " |\n";
    }
}
