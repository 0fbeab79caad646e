package dev.nnc.train;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs over an evaluation: row = true class, column = predicted.
 * The diagonal holds the correct predictions; a row's diagonal share is that class's accuracy (its recall).
 * Mutable while counting; {@link #counts()} returns a copy.
 */
public final class ConfusionMatrix {

    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        Preconditions.checkArgument(classes >= 1, "%s classes", classes);
        this.counts = new long[classes][classes];
    }

    /** The matrix of {@code predicted[i]} against {@code actual[i]}. */
    public static ConfusionMatrix of(int classes, int[] predicted, int[] actual) {
        ConfusionMatrix m = new ConfusionMatrix(classes);
        m.addAll(predicted, actual);
        return m;
    }

    public void add(int predicted, int actual) {
        Preconditions.checkArgument(predicted >= 0 && predicted < classes(), "predicted class %s of %s", predicted,
                classes());
        Preconditions.checkArgument(actual >= 0 && actual < classes(), "true class %s of %s", actual, classes());
        counts[actual][predicted]++;
    }

    public void addAll(int[] predicted, int[] actual) {
        Preconditions.checkArgument(predicted.length == actual.length, "%s predictions for %s labels",
                predicted.length, actual.length);
        for (int i = 0; i < predicted.length; i++) {
            add(predicted[i], actual[i]);
        }
    }

    public int classes() {
        return counts.length;
    }

    /** How many examples of class {@code actual} were predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long c : row) {
                n += c;
            }
        }
        return n;
    }

    public long correct() {
        long n = 0;
        for (int i = 0; i < counts.length; i++) {
            n += counts[i][i];
        }
        return n;
    }

    /** Examples of class {@code c}: its row sum. */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n;
    }

    /** correct / total; NaN when nothing was counted. */
    public double accuracy() {
        long total = total();
        return total == 0 ? Double.NaN : (double) correct() / total;
    }

    /** Share of class {@code c}'s examples predicted as {@code c}; NaN when the class never occurred. */
    public double classAccuracy(int c) {
        long support = support(c);
        return support == 0 ? Double.NaN : (double) counts[c][c] / support;
    }

    /** The table with class indices as row and column labels. */
    public String render() {
        return render(List.of());
    }

    /**
     * The table with a per-class accuracy column and an overall line. Rows are labelled with the class index
     * followed by its name when {@code names} is not empty; columns by index, to stay narrow.
     */
    public String render(List<String> names) {
        Preconditions.checkArgument(names.isEmpty() || names.size() == classes(), "%s names for %s classes",
                names.size(), classes());
        String[] rowLabels = new String[classes()];
        int labelWidth = "true\\pred".length();
        long max = 0;
        for (int i = 0; i < classes(); i++) {
            rowLabels[i] = names.isEmpty() ? Integer.toString(i) : i + " " + names.get(i);
            labelWidth = Math.max(labelWidth, rowLabels[i].length());
            for (long c : counts[i]) {
                max = Math.max(max, c);
            }
        }
        int cell = Math.max(Long.toString(max).length(), Integer.toString(classes() - 1).length()) + 2;
        StringBuilder sb = new StringBuilder(pad("true\\pred", labelWidth, false));
        for (int j = 0; j < classes(); j++) {
            sb.append(pad(Integer.toString(j), cell, true));
        }
        sb.append(pad("acc", 8, true)).append('\n');
        for (int i = 0; i < classes(); i++) {
            sb.append(pad(rowLabels[i], labelWidth, false));
            for (int j = 0; j < classes(); j++) {
                sb.append(pad(Long.toString(counts[i][j]), cell, true));
            }
            sb.append(pad(percent(classAccuracy(i)), 8, true)).append('\n');
        }
        sb.append("accuracy ").append(correct()).append('/').append(total()).append(" = ")
                .append(percent(accuracy())).append('\n');
        return sb.toString();
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String pad(String s, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - s.length()));
        return right ? spaces + s : s + spaces;
    }
}
