package dev.nnc.onnx;

import java.util.List;
import java.util.Locale;

/**
 * How an exported model's ONNX Runtime outputs compare with nnc's inference forward on the same raw inputs.
 * An output value passes when {@code |ort - nnc| <= ABS_TOLERANCE + REL_TOLERANCE * |nnc|} (docs/onnx.md).
 *
 * @param seeded       examples drawn from a seeded generator over the raw input range
 * @param testExamples examples from the model's test (or validation) split; 0 when it could not be loaded
 * @param maxAbsError  largest |ort - nnc| over every output value
 * @param maxRelError  largest |ort - nnc| / |nnc| over output values with |nnc| >= 1e-6
 * @param worstExcess  largest |ort - nnc| / (ABS_TOLERANCE + REL_TOLERANCE |nnc|); passes when at most 1
 * @param sameClass    examples whose top class agrees (classifiers; equal to the example count otherwise)
 * @param notes        why part of the check was skipped (no test data, say)
 */
public record Verification(int seeded, int testExamples, double maxAbsError, double maxRelError, double worstExcess,
                           int sameClass, List<String> notes) {

    public static final double ABS_TOLERANCE = 1e-4;
    public static final double REL_TOLERANCE = 1e-3;

    public Verification {
        notes = List.copyOf(notes);
    }

    public boolean passed() {
        return worstExcess <= 1.0;
    }

    public int examples() {
        return seeded + testExamples;
    }

    /** One line for a terminal: what was compared and the errors. */
    public String describe() {
        return String.format(Locale.ROOT, "%d seeded + %d test examples: max abs error %.3g, max rel error %.3g, "
                        + "same top class %d/%d (tolerance %.0e + %.0e x |nnc|): %s", seeded, testExamples,
                maxAbsError, maxRelError, sameClass, examples(), ABS_TOLERANCE, REL_TOLERANCE,
                passed() ? "ok" : "FAILED");
    }
}
