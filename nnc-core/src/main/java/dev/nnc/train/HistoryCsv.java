package dev.nnc.train;

import dev.nnc.io.AtomicFiles;
import dev.nnc.io.ReadLimits;
import dev.nnc.io.RunFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training history as CSV, one row per epoch under the header {@value #HEADER} (docs/training.md#history).
 * {@link #read} also reads the older six-column form {@value #HEADER_V1}, without {@code val_loss}, so a run
 * directory written before that column can still be resumed. Numbers are written in
 * Java's shortest round-tripping form ({@code 0.001}, {@code 1.0E-4}, which pandas and spreadsheets read),
 * seconds to the millisecond, and a value that was not measured (NaN) as an empty field. The whole file is
 * rewritten atomically after every epoch, so it is never seen half-written.
 */
public final class HistoryCsv {

    public static final String HEADER = "epoch,loss,train_acc,val_loss,val_acc,lr,seconds";
    /** The header before {@code val_loss} was recorded. */
    public static final String HEADER_V1 = "epoch,loss,train_acc,val_acc,lr,seconds";

    private HistoryCsv() {
    }

    public static String format(List<EpochStats> history) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochStats e : history) {
            sb.append(e.epoch()).append(',')
                    .append(number(e.loss())).append(',')
                    .append(number(e.trainAcc())).append(',')
                    .append(number(e.valLoss())).append(',')
                    .append(number(e.valAcc())).append(',')
                    .append(number(e.lr())).append(',')
                    .append(String.format(Locale.ROOT, "%.3f", e.seconds())).append('\n');
        }
        return sb.toString();
    }

    public static void write(Path file, List<EpochStats> history) {
        try {
            AtomicFiles.write(file, format(history).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw RunFileException.cannotWrite(file, e);
        }
    }

    /**
     * Reads a history written by {@link #write}, so a resumed run continues its curves.
     *
     * @throws RunFileException if the file cannot be read or is not such a history
     */
    public static List<EpochStats> read(Path file) {
        List<String> lines;
        try {
            String text = new String(ReadLimits.readAll(file, ReadLimits.MAX_RUN_FILE_BYTES, "a run's history.csv"),
                    StandardCharsets.UTF_8);
            lines = text.lines().toList();
        } catch (IOException e) {
            throw RunFileException.cannotRead(file, e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER) && !lines.get(0).equals(HEADER_V1)) {
            throw new RunFileException(file, "not a training history: the first line is not " + HEADER);
        }
        boolean v1 = lines.get(0).equals(HEADER_V1);
        int fields = v1 ? 6 : 7;
        List<EpochStats> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != fields) {
                    throw new IllegalArgumentException("expected " + fields + " fields, found " + f.length);
                }
                out.add(v1 ? new EpochStats(Integer.parseInt(f[0]), parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4]),
                        parse(f[5]))
                        : new EpochStats(Integer.parseInt(f[0]), parse(f[1]), parse(f[2]), parse(f[3]), parse(f[4]),
                        parse(f[5]), parse(f[6])));
            } catch (IllegalArgumentException e) {
                throw new RunFileException(file, "line " + (i + 1) + ": bad history row '" + lines.get(i) + "': "
                        + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static double parse(String field) {
        return field.isEmpty() ? Double.NaN : Double.parseDouble(field);
    }
}
