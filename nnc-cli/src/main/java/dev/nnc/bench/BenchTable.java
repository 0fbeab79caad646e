package dev.nnc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable form of {@code nnc bench}: one row per model, right-aligned numbers. */
public final class BenchTable {

    private static final String[] HEADER = {"model", "precision", "threads", "batch", "train ex/s", "infer ex/s",
        "GFLOPS", "% peak", "alloc/step", "peak heap", "peak RSS"};

    private BenchTable() {
    }

    public static String render(List<BenchResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (BenchResult r : results) {
            rows.add(new String[] {r.model(), r.precision(), Integer.toString(r.threads()),
                Integer.toString(r.batch()), rate(r.trainExamplesPerSecond()), rate(r.inferExamplesPerSecond()),
                fixed(r.gflops(), 1), fixed(100 * r.fractionOfPeak(), 1), bytes(r.allocBytesPerStep()),
                bytes(r.peakHeapBytes()), bytes(r.peakRssBytes())});
        }
        int[] width = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                sb.append(c == 0 ? "" : "  ").append(c == 0 ? row[c] + pad : pad + row[c]);
            }
            sb.append('\n');
        }
        if (!results.isEmpty()) {
            BenchResult r = results.get(0);
            sb.append(String.format(Locale.ROOT, "GEMM kernel %s, element loops %s; GFLOPS count training as "
                    + "forward + backward (docs/performance.md); %% peak of %.0f GFLOPS (%s, %d thread%s).%n",
                    r.kernel(), r.elementLoops(),
                    r.peakGflops(), r.precision(), r.threads(), r.threads() == 1 ? "" : "s"));
            sb.append("CPU ").append(CpuInfo.describe()).append("; ").append(CpuInfo.vectors()).append(".\n");
        }
        return sb.toString();
    }

    static String rate(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%,.0f", v) : "-";
    }

    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }

    /** Bytes in B, KiB, MiB or GiB. */
    static String bytes(double v) {
        if (!Double.isFinite(v)) {
            return "-";
        }
        String[] units = {"B", "KiB", "MiB", "GiB"};
        int u = 0;
        double x = v;
        while (x >= 1024 && u < units.length - 1) {
            x /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", x) : String.format(Locale.ROOT, "%.1f %s", x, units[u]);
    }
}
