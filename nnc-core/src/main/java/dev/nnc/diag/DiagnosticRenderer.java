package dev.nnc.diag;

import java.util.Map;

/**
 * Renders diagnostics for a terminal, javac style:
 * <pre>
 * models/bad.nn:4:20: error: unknown layer 'batchnrom'
 *     &lt;affine(100) - batchnrom - relu&gt; x 3 - affine(10) - softmax
 *                    ^^^^^^^^^
 *     did you mean 'batchnorm'?
 * </pre>
 * A fix that inserts text into the shown line is drawn under the caret where it goes, as clang draws its
 * fix-its:
 * <pre>
 * models/head.nn:4:23: error: a classifier needs a vector of class scores, but avgpool(7) outputs (10, 1, 1)
 *     conv(10, 1) - avgpool(7) - softmax
 *                                ^^^^^^^
 *                                flatten -
 *     insert flatten before softmax, which turns (10, 1, 1) into the vector (10)
 * </pre>
 */
public final class DiagnosticRenderer {

    private static final int MAX_LINE = 160;
    private final Map<String, SourceText> sources;

    public DiagnosticRenderer(Map<String, SourceText> sources) {
        this.sources = sources;
    }

    public String render(Diagnostic d) {
        StringBuilder out = new StringBuilder(d.headline()).append('\n');
        SourceText src = sources.get(d.span().file());
        String line = src == null ? "" : src.line(d.span().line());
        // A zero-width span stands for the whole file (SourceSpan.ofFile): no line to point into.
        boolean wholeFile = d.span().endLine() == d.span().line() && d.span().endColumn() == d.span().column();
        if (!wholeFile && !line.isBlank() && line.length() <= MAX_LINE && isPrintable(line)) {
            String expanded = line.replace('\t', ' ');
            out.append("    ").append(expanded).append('\n');
            int start = d.span().column() - 1;
            int end = d.span().endLine() == d.span().line() ? d.span().endColumn() - 1 : expanded.length();
            end = Math.max(start + 1, Math.min(end, expanded.length()));
            out.append("    ").append(" ".repeat(Math.max(0, start))).append("^".repeat(Math.max(1, end - start)))
                    .append('\n');
            fixIts(d, expanded.length(), out);
        }
        d.hint().ifPresent(h -> out.append("    ").append(h).append('\n'));
        return out.toString();
    }

    /** Each insertion of a fix into the shown line, drawn at its column. */
    private static void fixIts(Diagnostic d, int lineLength, StringBuilder out) {
        for (Fix fix : d.fixes()) {
            for (Fix.Edit e : fix.edits()) {
                if (e.isInsertion() && e.span().line() == d.span().line() && e.span().file().equals(d.span().file())
                        && !e.text().contains("\n") && e.span().column() <= lineLength + 1) {
                    out.append("    ").append(" ".repeat(e.span().column() - 1)).append(e.text().strip()).append('\n');
                }
            }
        }
    }

    private static boolean isPrintable(String s) {
        return s.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c != 0xfffd));
    }
}
