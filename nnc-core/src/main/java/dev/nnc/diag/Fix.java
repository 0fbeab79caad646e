package dev.nnc.diag;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * A change to the source that resolves a diagnostic, as the compiler knows it: a title for a person ("Change to
 * 'batchnorm'") and the text edits, exact to the column, that an editor applies as a quick fix and
 * {@code nnc compile} shows under the caret. The one source of every fix, so front ends do not re-derive them.
 */
public record Fix(String title, List<Edit> edits) {

    public Fix {
        Preconditions.checkNotNull(title);
        edits = List.copyOf(edits);
        Preconditions.checkArgument(!edits.isEmpty(), "a fix with no edit");
    }

    /** Replaces the text of {@code span} with {@code text}; a zero-width span inserts it there. */
    public record Edit(SourceSpan span, String text) {
        public Edit {
            Preconditions.checkNotNull(span);
            Preconditions.checkNotNull(text);
        }

        public boolean isInsertion() {
            return span.endLine() == span.line() && span.endColumn() == span.column();
        }
    }

    public static Fix replace(String title, SourceSpan span, String text) {
        return new Fix(title, List.of(new Edit(span, text)));
    }

    /** Inserts {@code text} just before the first character of {@code before}. */
    public static Fix insertBefore(String title, SourceSpan before, String text) {
        return replace(title, at(before.file(), before.line(), before.column()), text);
    }

    /** Inserts {@code text} just after the last character of {@code after}. */
    public static Fix insertAfter(String title, SourceSpan after, String text) {
        return replace(title, at(after.file(), after.endLine(), after.endColumn()), text);
    }

    private static SourceSpan at(String file, int line, int column) {
        return new SourceSpan(file, line, column, line, column);
    }
}
