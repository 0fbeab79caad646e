package dev.nnc.train;

/** The names of the files of a run directory (docs/training.md). */
public final class RunFiles {

    public static final String LAST = "last.safetensors";
    public static final String BEST = "best.safetensors";
    public static final String HISTORY = "history.csv";
    public static final String RESULT = "result.json";
    public static final String CURVES = "curves.png";
    public static final String CONFUSION = "confusion.png";

    private RunFiles() {
    }
}
