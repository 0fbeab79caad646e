package dev.nnc.semantic;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Fix;
import dev.nnc.diag.Severity;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Shape;
import dev.nnc.graph.Trainability;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.ModelDecl;
import dev.nnc.syntax.ast.Setting;
import dev.nnc.syntax.ast.TrainBlock;
import java.util.Optional;

/**
 * The {@code missing-train-key} diagnostic (see {@link TrainNeeds}): a model that {@code nnc train} could train (a
 * loss layer, nothing fixed) but whose train block, after {@code --set}/{@code --data}, names no data. Its fix adds
 * {@code data = fashionMnist()} in the canonical layout ({@code nnc fmt} leaves the result as it is) when the
 * model fits Fashion-MNIST (784 inputs, 10 classes); for any other model there is no data set to guess, so only
 * the hint.
 */
final class MissingData {

    static final String DEFAULT = "fashionMnist()";

    private MissingData() {
    }

    static Optional<Diagnostic> check(ModelDecl m, LayerGraph g, Severity severity, SourceText source) {
        if (g.lossOp().isEmpty() || g.train().data().isPresent() || Trainability.refusal(g).isPresent()) {
            return Optional.empty();
        }
        boolean fits = g.inputShape().size() == 784 && g.isClassifier() && g.output().shape().equals(Shape.of(10));
        SourceSpan at = m.trainBlocks().isEmpty() ? m.nameSpan() : keyword(m.trainBlocks().get(0));
        Diagnostic d = new Diagnostic(severity, "missing-train-key", "model " + m.name() + " names no data to train on",
                at, Optional.of("add data = " + (fits ? DEFAULT : "...") + " to its train block"
                        + (fits ? "" : " (the data sets are in docs/data.md)") + ", or pass --data to nnc train"));
        return Optional.of(fits ? d.withFix(fix(m, source)) : d);
    }

    /** The word {@code train} of a block: the diagnostic's place, rather than the whole block. */
    private static SourceSpan keyword(TrainBlock b) {
        SourceSpan s = b.span();
        return new SourceSpan(s.file(), s.line(), s.column(), s.line(), s.column() + "train".length());
    }

    private static Fix fix(ModelDecl m, SourceText source) {
        String setting = "data = " + DEFAULT;
        String title = "Add '" + setting + "' to the train block";
        if (!m.trainBlocks().isEmpty()) {
            TrainBlock b = m.trainBlocks().get(0);
            if (b.settings().isEmpty()) {
                return Fix.replace(title, b.span(), "train { " + setting + " }");
            }
            Setting first = b.settings().get(0);
            SourceSpan key = first.keySpan();
            return key.line() == b.span().line() ? Fix.insertBefore(title, key, setting + "; ")
                    : Fix.insertBefore(title, key, setting + "\n" + " ".repeat(key.column() - 1));
        }
        // No train block: one after the model's last line, on the line of its closing brace (which moves down), or
        // just before the brace when something precedes it on its line.
        Expr firstLine = m.lines().get(0);
        String indent = " ".repeat(firstLine.span().column() - 1);
        String block = indent + "train {\n" + indent + "    " + setting + "\n" + indent + "}\n";
        SourceSpan end = m.span();
        int brace = end.endColumn() - 1;
        String before = source == null ? "" : source.line(end.endLine()).substring(0, Math.max(0, brace - 1));
        SourceSpan at = before.isBlank() ? new SourceSpan(end.file(), end.endLine(), 1, end.endLine(), 1)
                : new SourceSpan(end.file(), end.endLine(), brace, end.endLine(), brace);
        return Fix.replace("Add a train block with '" + setting + "'", at, "\n" + block);
    }
}
