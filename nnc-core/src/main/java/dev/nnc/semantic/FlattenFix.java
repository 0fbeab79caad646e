package dev.nnc.semantic;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Fix;
import dev.nnc.diag.SourceSpan;
import dev.nnc.graph.Node;
import dev.nnc.graph.Shape;
import java.util.List;
import java.util.Set;

/**
 * The fix of a shape error whose cause is a missing or misplaced {@code flatten}. nnc's affine flattens its input
 * itself (docs/language.md), so a forgotten flatten shows only where a layer that takes a vector is not an
 * affine: a classifier (softmax, svm) after a {@code (C, 1, 1)} (a global-pooling or 1x1-conv head), where flatten
 * is the whole fix. After a larger {@code (C, H, W)} flatten alone would make thousands of classes, so there the
 * hint stays "insert affine(classes)". The reverse is conv or pooling right after a flatten of an image: removing
 * the flatten is the fix, an edit when the two are on one line.
 */
final class FlattenFix {

    private static final Set<String> CLASSIFIERS = Set.of("softmax", "svm");
    private static final Set<String> IMAGE_LAYERS = Set.of("conv", "maxpool", "avgpool");

    private FlattenFix() {
    }

    /** {@code d} (the shape error of {@code layer}, whose input comes from {@code producer}) with the fix, if any. */
    static Diagnostic attach(Diagnostic d, StackItem.Layer layer, Node producer, List<Node> nodes) {
        String name = layer.def().name();
        Shape in = producer.shape();
        if (CLASSIFIERS.contains(name) && in.rank() == 3 && in.dim(1) == 1 && in.dim(2) == 1) {
            return d.withHint("insert flatten before " + name + ", which turns " + in + " into the vector ("
                            + in.dim(0) + ")")
                    .withFix(Fix.insertBefore("Insert 'flatten' before '" + name + "'", layer.span(), "flatten - "));
        }
        if (IMAGE_LAYERS.contains(name) && producer.op().equals("flatten") && !producer.inputs().isEmpty()) {
            Shape image = nodes.get(producer.inputs().get(0)).shape();
            SourceSpan f = producer.span();
            SourceSpan at = layer.span();
            boolean sameLine = f.file().equals(at.file()) && f.line() == at.line() && f.endLine() == at.line()
                    && f.endColumn() <= at.column();
            if (image.rank() == 3) {
                Diagnostic hinted = d.withHint("remove the flatten before it: " + name + " takes the image " + image
                        + " that flatten turns into " + in);
                // Across lines, deleting up to the layer would join the lines: the hint says it, the edit is the user's.
                return sameLine ? hinted.withFix(Fix.replace("Remove 'flatten'", new SourceSpan(f.file(), f.line(),
                        f.column(), at.line(), at.column()), "")) : hinted;
            }
        }
        return d;
    }
}
