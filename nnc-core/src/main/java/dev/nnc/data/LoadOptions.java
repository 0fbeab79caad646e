package dev.nnc.data;

import com.google.common.base.Preconditions;
import java.util.OptionalInt;

/**
 * How to load: {@code limit} keeps only the first N training examples (the CLI's {@code --limit}, for quick
 * runs); the validation split is then taken from those N. The test set is not limited.
 */
public record LoadOptions(OptionalInt limit) {

    public LoadOptions {
        Preconditions.checkNotNull(limit);
        Preconditions.checkArgument(limit.isEmpty() || limit.getAsInt() >= 1, "limit %s", limit);
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
