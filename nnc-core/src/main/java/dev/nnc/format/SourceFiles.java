package dev.nnc.format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The .nn files named on a command line: files as given, directories searched recursively, sorted. */
public final class SourceFiles {

    private SourceFiles() {
    }

    /** Every {@code .nn} file under {@code path} (the path itself when it is a file). */
    public static List<Path> expand(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> s = Files.walk(path)) {
            List<Path> out = new ArrayList<>(s.filter(p -> p.toString().endsWith(".nn") && Files.isRegularFile(p))
                    .sorted().toList());
            return out;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
