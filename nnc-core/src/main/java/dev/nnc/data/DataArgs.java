package dev.nnc.data;

import dev.nnc.graph.DataSpec;
import java.nio.file.Path;
import java.util.Optional;

/** The arguments of a {@link DataSpec}, already checked against the kind's list, with paths resolved. */
public final class DataArgs {

    private final DataSpec spec;

    DataArgs(DataSpec spec) {
        this.spec = spec;
    }

    public DataSpec spec() {
        return spec;
    }

    /** A required String argument. */
    public String string(String name) {
        return optionalString(name).orElseThrow(() -> new DataException(
                spec.describe() + ": missing required argument '" + name + "'"));
    }

    public Optional<String> optionalString(String name) {
        return Optional.ofNullable((String) spec.args().get(name));
    }

    /** A required path argument, resolved against the .nn file's directory. */
    public Path path(String name) {
        return resolve(string(name));
    }

    public Optional<Path> optionalPath(String name) {
        return optionalString(name).map(this::resolve);
    }

    private Path resolve(String p) {
        return spec.baseDir().resolve(p).normalize();
    }
}
