package dev.nnc.train;

import java.nio.file.Path;

/**
 * A checkpoint (or any safetensors file) that cannot be written, read, or loaded into a model. The message
 * names the file and the problem in words a user can act on; the CLI prints it without a stack trace.
 */
public class CheckpointException extends RuntimeException {

    private final transient Path file;

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
