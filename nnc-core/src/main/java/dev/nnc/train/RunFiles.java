package dev.nnc.train;

/** The names of the files of a run directory (docs/training.md). */
public final class RunFiles {

    public static final String LAST = "last.safetensors";
    public static final String BEST = "best.safetensors";
    public static final String HISTORY = "history.csv";
    /** The history for tools, one JSON object per epoch; see {@link MetricsJsonl}. */
    public static final String METRICS = "metrics.jsonl";
    public static final String RESULT = "result.json";
    /** Names the last committed epoch; see {@link RunDirectory}. */
    public static final String MANIFEST = "manifest.json";
    public static final String CURVES = "curves.png";
    /** The test split's confusion matrix, drawn by {@code train}. */
    public static final String CONFUSION = "confusion.png";

    /** What {@code eval} draws for a split, beside train's {@link #CONFUSION} without replacing it. */
    public static String confusion(String split) {
        return "confusion-" + split + ".png";
    }

    private RunFiles() {
    }
}
