package dev.nnc.data;

import dev.nnc.graph.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A numeric CSV file: a header row of column names, then one example per line, comma-separated numbers;
 * blank lines are skipped, names may be quoted. One column (if named) is the label; the others are the
 * features, in file order, as a (D) example.
 *
 * <p>The label column holds an integer class for classification or a real number for regression: every
 * value is kept as a real target, and if all of them are whole numbers in 0..{@value #MAX_CLASS} they are
 * also class labels, 0..(largest).
 */
final class CsvFile {

    static final int MAX_CLASS = 1 << 20;

    private CsvFile() {
    }

    /**
     * @param label       the label column, or empty to read every column as a feature (prediction input)
     * @param wantColumns if present, the feature columns the header must have (a test file must match the
     *                    training file)
     */
    static Dataset read(Path path, Optional<String> label, int limit, Optional<List<String>> wantColumns) {
        try (BufferedReader in = DataFiles.lines(path)) {
            String headerLine = in.readLine();
            int lineNo = 1;
            while (headerLine != null && headerLine.isBlank()) {
                headerLine = in.readLine();
                lineNo++;
            }
            if (headerLine == null) {
                throw new DataException(path + ": empty file; expected a header row of column names");
            }
            List<String> columns = header(headerLine);
            int labelAt = label.map(columns::indexOf).orElse(-1);
            if (label.isPresent() && labelAt < 0) {
                throw new DataException(String.format("%s: no column '%s'; the columns are: %s", path, label.get(),
                        String.join(", ", columns)));
            }
            List<String> featureNames = new ArrayList<>(columns);
            if (labelAt >= 0) {
                featureNames.remove(labelAt);
            }
            if (featureNames.isEmpty()) {
                throw new DataException(path + ": no feature columns besides the label '" + label.get() + "'");
            }
            if (wantColumns.isPresent() && !wantColumns.get().equals(featureNames)) {
                throw new DataException(String.format("%s: the feature columns %s differ from the training "
                        + "file's %s", path, featureNames, wantColumns.get()));
            }
            int d = featureNames.size();
            float[] values = new float[d * 64];
            float[] targets = new float[64];
            int n = 0;
            String line;
            while (n < limit && (line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if ((long) (n + 1) * d > Integer.MAX_VALUE - 8) {
                    throw new DataException(path + ": too many values to load (more than 2^31)");
                }
                if ((n + 1) * d > values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * values.length));
                }
                if (n == targets.length) {
                    targets = Arrays.copyOf(targets, 2 * n);
                }
                String[] cells = line.split(",", -1);
                if (cells.length != columns.size()) {
                    throw new DataException(String.format("%s:%d: %d cells, but the header has %d columns", path,
                            lineNo, cells.length, columns.size()));
                }
                int k = n * d;
                for (int c = 0; c < cells.length; c++) {
                    float v = number(cells[c], path, lineNo, c, columns.get(c));
                    if (c == labelAt) {
                        targets[n] = v;
                    } else {
                        values[k++] = v;
                    }
                }
                n++;
            }
            return dataset(path, d, Arrays.copyOf(values, n * d), labelAt >= 0 ? Arrays.copyOf(targets, n) : null);
        } catch (IOException e) {
            throw DataFiles.failure(path, e);
        }
    }

    private static Dataset dataset(Path path, int d, float[] values, float[] targets) {
        String name = path.getFileName().toString();
        if (targets == null) {
            return Dataset.ofFloats(name, Shape.of(d), values, null, null, 0);
        }
        int[] labels = new int[targets.length];
        int classes = 0;
        for (int i = 0; i < targets.length; i++) {
            float t = targets[i];
            if (t != Math.rint(t) || t < 0 || t > MAX_CLASS) {
                labels = null;
                break;
            }
            labels[i] = (int) t;
            classes = Math.max(classes, labels[i] + 1);
        }
        return Dataset.ofFloats(name, Shape.of(d), values, labels, targets, classes);
    }

    /** Column names of the header row: trimmed, surrounding double quotes removed, a UTF-8 BOM dropped. */
    static List<String> header(String line) {
        String s = line.startsWith("\uFEFF") ? line.substring(1) : line;
        List<String> out = new ArrayList<>();
        for (String cell : s.split(",", -1)) {
            String name = cell.trim();
            if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                name = name.substring(1, name.length() - 1);
            }
            out.add(name);
        }
        return out;
    }

    private static float number(String cell, Path path, int line, int col, String column) {
        String text = cell.trim();
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new DataException(String.format("%s:%d:%d: '%s' is not a number (column '%s')", path, line,
                    col + 1, text, column));
        }
        if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
            throw new DataException(String.format("%s:%d:%d: '%s' is not a finite number (column '%s')", path,
                    line, col + 1, text, column));
        }
        return (float) v;
    }

    /** The feature column names of a file with {@code label} as the label column. */
    static List<String> featureColumns(Path path, String label) {
        try (BufferedReader in = DataFiles.lines(path)) {
            String line = in.readLine();
            while (line != null && line.isBlank()) {
                line = in.readLine();
            }
            List<String> cols = new ArrayList<>(line == null ? List.of() : header(line));
            cols.remove(label);
            return cols;
        } catch (IOException e) {
            throw DataFiles.failure(path, e);
        }
    }
}
