package dev.nnc.api;

import dev.nnc.train.Checkpoint;
import dev.nnc.train.RunFiles;

/** The names of the files in a run directory (docs/training.md), and the nnc version they record. */
public final class RunDirectory {

    public static final String LAST = RunFiles.LAST;
    public static final String BEST = RunFiles.BEST;
    public static final String HISTORY = RunFiles.HISTORY;
    public static final String METRICS = RunFiles.METRICS;
    public static final String RESULT = RunFiles.RESULT;
    public static final String CURVES = RunFiles.CURVES;
    public static final String CONFUSION = RunFiles.CONFUSION;
    public static final String NNC_VERSION = Checkpoint.NNC_VERSION;

    private RunDirectory() {
    }

    /** The confusion-matrix chart {@code nnc eval} draws for a split, e.g. {@code confusion-test.png}. */
    public static String confusion(String split) {
        return RunFiles.confusion(split);
    }
}
