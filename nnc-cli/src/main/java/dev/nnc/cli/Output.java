package dev.nnc.cli;

import dev.nnc.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a command's main output goes: stdout, or a file given with {@code -o}, written with
 * {@link AtomicFiles} so a reader never sees half of it and a failed run leaves the old file in place.
 */
final class Output {

    private Output() {
    }

    /** Writes {@code text} to {@code file}, or to {@code out} when {@code file} is null. */
    static void write(String text, Path file, PrintWriter out) throws IOException {
        if (file == null) {
            out.print(text);
            out.flush();
            return;
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) { // -o does not create directories, unlike a run directory
            throw new IOException("directory " + dir + " does not exist");
        }
        AtomicFiles.writeString(file, text);
    }
}
