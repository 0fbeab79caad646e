package dev.nnc.graph;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a model was compiled from, so a checkpoint can carry it (docs/checkpoint-format.md, {@code source} and
 * {@code overrides}): the main file and every file it imports, keyed by the path diagnostics name them by (so
 * a caret in an error still points into the right file and line), and the {@code --set} overrides given. The
 * model's name is the checkpoint's {@code model}.
 *
 * @param mainFile  the path of the compiled file, as diagnostics named it ({@code models/fashion_mlp.nn})
 * @param files     the text of the main file and of each import, by that same kind of path, main file first
 * @param overrides the {@code --set KEY=VALUE} overrides, in order, values written as in a {@code .nn} file
 */
public record ModelSource(String mainFile, Map<String, String> files, Map<String, String> overrides) {

    public ModelSource {
        Preconditions.checkNotNull(mainFile);
        Preconditions.checkArgument(files.containsKey(mainFile), "no text for the main file %s", mainFile);
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }
}
