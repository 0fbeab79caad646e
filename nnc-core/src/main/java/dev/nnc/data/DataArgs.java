package dev.nnc.data;

import dev.nnc.graph.DataSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The arguments of a {@link DataSpec}, already checked against the kind's list, with paths resolved. */
public final class DataArgs {

    private final DataSpec spec;
    private final List<Path> allowed;

    DataArgs(DataSpec spec, List<Path> allowed) {
        this.spec = spec;
        this.allowed = allowed;
    }

    DataArgs(DataSpec spec) {
        this(spec, List.of());
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

    /**
     * Resolves against the .nn file's directory. A confined spec's path must stay inside that directory, also
     * once symbolic links are followed, or inside an allowed one (docs/security.md): a model file from someone
     * else must not read {@code /proc/self/environ}.
     */
    private Path resolve(String p) {
        if (p.indexOf('\0') >= 0) {
            throw new DataException(spec.describe() + ": a path contains a NUL character");
        }
        Path target;
        try {
            target = spec.baseDir().resolve(p).normalize();
        } catch (InvalidPathException e) {
            throw new DataException(spec.describe() + ": '" + p + "' is not a valid path: " + e.getReason());
        }
        if (spec.confined() && !permitted(target)) {
            throw new DataException(String.format("%s: '%s' is outside the model file's directory %s; a model file "
                    + "may only read data below its own directory. Pass --allow-path DIR to allow another directory, "
                    + "or --data to name the data set on the command line", spec.describe(), p, spec.baseDir()));
        }
        return target;
    }

    /**
     * Whether {@code target} lies below the model's directory or an allowed one, both as written and with symbolic
     * links followed (a link inside the project may lead into an allowed directory, not elsewhere).
     */
    private boolean permitted(Path target) {
        List<Path> roots = new java.util.ArrayList<>();
        roots.add(spec.baseDir());
        roots.addAll(allowed);
        Path t = target.toAbsolutePath().normalize();
        if (roots.stream().noneMatch(r -> t.startsWith(r.toAbsolutePath().normalize()))) {
            return false;
        }
        try {
            Path real = realExisting(t);
            for (Path r : roots) {
                if (Files.exists(r) && real.startsWith(r.toRealPath())) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** The real path of the longest existing prefix of {@code p}, with the rest appended. */
    private static Path realExisting(Path p) throws IOException {
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p;
        }
        return existing.toRealPath().resolve(existing.relativize(p));
    }
}
