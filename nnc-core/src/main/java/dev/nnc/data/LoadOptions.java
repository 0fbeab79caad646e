package dev.nnc.data;

import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

/**
 * How to load: {@code limit} keeps only the first N training examples (the CLI's {@code --limit}, for quick
 * runs); the validation split is then taken from those N. The test set is not limited. {@code allowedPaths}:
 * directories a model file's data paths may name besides its own directory (the CLI's {@code --allow-path}).
 */
public record LoadOptions(OptionalInt limit, List<Path> allowedPaths) {

    public LoadOptions {
        Preconditions.checkNotNull(limit);
        Preconditions.checkArgument(limit.isEmpty() || limit.getAsInt() >= 1, "limit %s", limit);
        allowedPaths = List.copyOf(allowedPaths);
    }

    public LoadOptions(OptionalInt limit) {
        this(limit, List.of());
    }

    /** These options, also allowing data paths under {@code dirs}. */
    public LoadOptions allowing(List<Path> dirs) {
        return new LoadOptions(limit, dirs);
    }

    public static LoadOptions all() {
        return new LoadOptions(OptionalInt.empty());
    }

    public static LoadOptions limit(int n) {
        return new LoadOptions(OptionalInt.of(n));
    }

    int limitOrMax() {
        return limit.orElse(Integer.MAX_VALUE);
    }
}
