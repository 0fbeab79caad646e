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
