package dev.nnc.diag;

import com.google.common.base.Preconditions;

/**
 * A range of source text: 1-based line and column of the first character, and the line and column
 * just past the last one (end-exclusive), so a one-character token at 3:5 is 3:5–3:6.
 */
public record SourceSpan(String file, int line, int column, int endLine, int endColumn) {

    public SourceSpan {
        Preconditions.checkNotNull(file, "file");
        Preconditions.checkArgument(line >= 1 && column >= 1, "span starts at %s:%s", line, column);
        Preconditions.checkArgument(endLine > line || (endLine == line && endColumn >= column),
                "span ends before it starts: %s:%s-%s:%s", line, column, endLine, endColumn);
    }

    /** A span for a whole file, used when no better position exists (an unreadable file, say). */
    public static SourceSpan ofFile(String file) {
        return new SourceSpan(file, 1, 1, 1, 1);
    }

    /** The smallest span covering this one and {@code other} (same file). */
    public SourceSpan to(SourceSpan other) {
        return new SourceSpan(file, line, column, other.endLine, other.endColumn);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
