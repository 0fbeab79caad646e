package dev.nnc.diag;

import java.util.ArrayList;
import java.util.List;

/** The text of one source file, with fast access to a line for rendering carets. */
public final class SourceText {

    private final String path;
    private final String text;
    private final int[] lineStarts;

    public SourceText(String path, String text) {
        this.path = path;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public String path() {
        return path;
    }

    public String text() {
        return text;
    }

    public int lineCount() {
        return lineStarts.length;
    }

    /**
     * Columns {@code [from, to)} (1-based) of line {@code n}, clipped to the line; "" when out of range. Copies
     * only the slice, so naming each of 100,000 layers on one long line stays linear.
     */
    public String slice(int n, int from, int to) {
        if (n < 1 || n > lineStarts.length || from < 1 || to <= from) {
            return "";
        }
        int start = lineStarts[n - 1];
        int lineEnd = n < lineStarts.length ? lineStarts[n] - 1 : text.length();
        int a = Math.min(lineEnd, start + from - 1);
        int b = Math.min(lineEnd, start + to - 1);
        return text.substring(a, b).replace("\r", "");
    }

    /** Line {@code n} (1-based) without its terminator, or "" past the end. */
    public String line(int n) {
        if (n < 1 || n > lineStarts.length) {
            return "";
        }
        int start = lineStarts[n - 1];
        int end = n < lineStarts.length ? lineStarts[n] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return text.substring(start, Math.max(start, end));
    }
}
