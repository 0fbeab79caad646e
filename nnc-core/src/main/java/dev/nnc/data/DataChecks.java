package dev.nnc.data;

import dev.nnc.graph.Shape;

/**
 * Whether a data set fits a model, checked before training or evaluating so that a mismatch is one clear
 * message instead of an index error deep in an operator.
 *
 * <p>The example shape must equal the model's {@code input(...)}, except that a (D) input accepts any example
 * of D values (an MLP on images flattens them row-major, as CS231n's affine layer does), and examples of D
 * values (a CSV row) fill any input of D values row-major: 784 columns are an {@code input(1, 28, 28)} image,
 * in training as in {@code nnc predict}.
 */
public final class DataChecks {

    private DataChecks() {
    }

    /** @throws DataException if the examples do not fit {@code inputShape} */
    public static void checkShape(Dataset data, Shape inputShape) {
        Shape s = data.exampleShape();
        boolean flattens = inputShape.rank() == 1 && inputShape.size() == s.size();
        boolean fills = s.rank() == 1 && inputShape.size() == s.size();
        if (!s.equals(inputShape) && !flattens && !fills) {
            throw new DataException(String.format("%s: the examples are %s but the model's input is %s%s",
                    data.source(), s, inputShape, inputShape.rank() == 1 || s.size() != inputShape.size() ? ""
                            : "; write input" + s + " or input(" + s.size() + ")"));
        }
    }

    /**
     * For a classifier with {@code numClasses} outputs (softmax, svm).
     *
     * @throws DataException if the shape does not fit, the data has no class labels, or a label is not one of
     *                       the model's classes
     */
    public static void check(Dataset data, Shape inputShape, int numClasses) {
        checkShape(data, inputShape);
        if (!data.hasLabels()) {
            if (data.hasTargets()) {
                for (int i = 0; i < data.count(); i++) {
                    float t = data.target(i);
                    if (t != Math.rint(t) || t < 0) {
                        throw new DataException(String.format("%s: the label of example %d is %s, not a class "
                                + "0..%d; real-valued targets need a regression model (mse)", data.source(), i,
                                t, numClasses - 1));
                    }
                }
            }
            throw new DataException(data.source() + ": the data has no class labels, but the model classifies");
        }
        for (int i = 0; i < data.count(); i++) {
            int y = data.label(i);
            if (y >= numClasses) {
                throw new DataException(String.format("%s: label %d of example %d is outside the model's %d "
                        + "classes (0..%d)", data.source(), y, i, numClasses, numClasses - 1));
            }
        }
    }

    /**
     * For a regression model (mse) with {@code outputSize} outputs: the data has one target per example.
     *
     * @throws DataException if the shape does not fit, the data has no targets or the model does not output
     *                       one value
     */
    public static void checkRegression(Dataset data, Shape inputShape, int outputSize) {
        checkShape(data, inputShape);
        if (!data.hasTargets()) {
            throw new DataException(data.source() + ": the data has no targets, but the model is trained on them");
        }
        if (outputSize != 1) {
            throw new DataException(String.format("%s: the data has one target per example, but the model "
                    + "outputs %d values; end it with affine(1) - mse", data.source(), outputSize));
        }
    }
}
