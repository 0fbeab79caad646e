package dev.nnc.api;

import dev.nnc.io.RunFileException;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.RunFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

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

    /** Whether {@code dir} exists and holds anything: a new run refuses it unless told to overwrite. */
    public static boolean holdsFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Files.exists(dir, LinkOption.NOFOLLOW_LINKS);
        }
        try (var entries = Files.list(dir)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            return true; // unreadable: not ours to write into
        }
    }

    /**
     * Removes the files a run writes from {@code dir} (checkpoints, history, result, manifest, charts, an
     * interrupted epoch's {@code .epoch-N/} folder and temporary files, {@code metrics.jsonl}), so a new run
     * there leaves nothing stale from the old one. Other files stay.
     *
     * @throws RunFileException if one cannot be removed
     */
    public static void clear(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        dev.nnc.train.RunDirectory.recover(dir); // removes .epoch-N/ folders and temporary files
        List<String> names = List.of(LAST, BEST, HISTORY, RESULT, RunFiles.MANIFEST, CURVES, CONFUSION,
                "metrics.jsonl");
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && (names.contains(name)
                        || name.matches("confusion-[a-z]+\\.png"))) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw RunFileException.cannotWrite(dir, e);
        }
    }

    /** The confusion-matrix chart {@code nnc eval} draws for a split, e.g. {@code confusion-test.png}. */
    public static String confusion(String split) {
        return RunFiles.confusion(split);
    }
}
