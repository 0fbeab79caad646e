package dev.nnc.maven;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.sonatype.plexus.build.incremental.BuildContext;

/**
 * Writing generated files so that unchanged output is not touched (same bytes, same mtime: the resources
 * plugin, the jar plugin and the IDE see nothing to do) and changed output appears whole or not at all.
 */
final class Outputs {

    private Outputs() {
    }

    /** Writes {@code bytes} unless the file already holds exactly them; true when it wrote. */
    static boolean write(Path file, byte[] bytes, BuildContext context) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), bytes)) {
            return false;
        }
        Files.createDirectories(file.getParent());
        // Not Files.createTempFile: its files are owner-only, and this one becomes the output.
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            Files.write(tmp, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        context.refresh(file.toFile());
        return true;
    }

    /** Deletes a file, and its parent directories up to {@code top} when that leaves them empty. */
    static boolean delete(Path file, Path top, BuildContext context) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            context.refresh(file.toFile());
        }
        for (Path dir = file.getParent(); dir != null && dir.startsWith(top) && !dir.equals(top);
             dir = dir.getParent()) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    break;
                }
            } catch (IOException e) {
                break;
            }
            Files.deleteIfExists(dir);
        }
        return deleted;
    }
}
