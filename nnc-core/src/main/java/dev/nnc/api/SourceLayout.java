package dev.nnc.api;

import dev.nnc.format.Formatter;
import dev.nnc.format.SourceFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The one canonical layout of {@code .nn} files ({@code nnc fmt}, the language server's formatting): spacing,
 * indentation and blank lines only; line breaks, comments and the compiled graph stay as they are.
 */
public final class SourceLayout {

    private SourceLayout() {
    }

    /** {@code text} in the canonical layout, or empty when it does not lex (such a file is left alone). */
    public static Optional<String> format(String text) {
        return Formatter.format(text);
    }

    /** Every {@code .nn} file under {@code path}, sorted (the path itself when it is a file). */
    public static List<Path> nnFiles(Path path) throws IOException {
        return SourceFiles.expand(path);
    }
}
