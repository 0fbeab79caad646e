package dev.nnc.cli;

import dev.nnc.data.DataException;
import dev.nnc.io.RunFileException;
import dev.nnc.train.CheckpointException;
import dev.nnc.train.TrainingException;
import java.io.PrintWriter;

/**
 * The failures a user can act on (bad data, a damaged checkpoint, a diverged run, a run file that cannot be
 * written): one line {@code nnc: <message>} and exit 1. Anything else escaping a command is a bug in nnc,
 * reported by {@link Main} with exit 70.
 */
final class UserErrors {

    /** A command's work after its model compiled; returns an exit code. */
    @FunctionalInterface
    interface Work {
        int run();
    }

    private UserErrors() {
    }

    /** Runs {@code work}, printing a user-facing failure on {@code err} as exit 1. */
    static int reported(PrintWriter err, Work work) {
        try {
            return work.run();
        } catch (DataException | CheckpointException | TrainingException | RunFileException e) {
            err.println("nnc: " + e.getMessage());
            return ExitCodes.FAILED;
        }
    }
}
