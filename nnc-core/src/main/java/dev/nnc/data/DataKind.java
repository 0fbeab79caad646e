package dev.nnc.data;

import java.util.List;
import java.util.Optional;

/**
 * A loader for one {@code data = kind(...)} form. To add a kind (CONTRIBUTING.md): implement this, list its
 * arguments (without the common {@code normalize} and {@code validation}, which {@link DataLoader} handles),
 * register it in {@link DataLoader}, declare it with the same arguments in the front end's train catalogue (at
 * the same position), and add its row to docs/data.md and docs/language.md §5.
 */
public interface DataKind {

    /** The name in the .nn file, e.g. {@code fashionMnist}. */
    String name();

    /** The kind's own arguments. */
    List<DataArgument> arguments();

    /** The default of the common {@code validation} argument: an Integer count or a Double fraction. */
    Number defaultValidation();

    /** The default of the common {@code normalize} argument. */
    default Normalization defaultNormalization() {
        return Normalization.MEAN;
    }

    /**
     * Reads the training examples (at most {@code limit} of them) and the test set if there is one.
     *
     * @throws DataException for any problem with the files
     */
    Loaded load(DataArgs args, int limit);

    /** What a kind read, before splitting and preprocessing. */
    record Loaded(Dataset train, Optional<Dataset> test) {
    }
}
