package dev.nnc.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A run file (run directory, history.csv, result.json, a chart, {@code compile -o}) that cannot be written
 * or read back. The message names the file and the problem; the CLI prints it without a stack trace (exit 1).
 */
public class RunFileException extends RuntimeException {

    private final transient Path file;

    public RunFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public RunFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** {@code file: cannot write: <reason>}. */
    public static RunFileException cannotWrite(Path file, IOException e) {
        return new RunFileException(file, "cannot write: " + reason(e), e);
    }

    /** {@code file: cannot read: <reason>}. */
    public static RunFileException cannotRead(Path file, IOException e) {
        return new RunFileException(file, "cannot read: " + reason(e), e);
    }

    /** {@code dir: cannot create the directory: <reason>}. */
    public static RunFileException cannotCreateDirectory(Path dir, IOException e) {
        return new RunFileException(dir, "cannot create the directory: " + reason(e), e);
    }

    public Path file() {
        return file;
    }

    /** NIO puts only the path in most messages; say what went wrong instead. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException x) {
            return "no such file or directory: " + x.getFile();
        }
        if (e instanceof FileAlreadyExistsException x) {
            return x.getFile() + " exists and is not a directory";
        }
        if (e instanceof AccessDeniedException x) {
            return "permission denied: " + x.getFile();
        }
        if (e instanceof FileSystemException x && x.getReason() != null) {
            return x.getReason() + (x.getFile() != null ? ": " + x.getFile() : "");
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
