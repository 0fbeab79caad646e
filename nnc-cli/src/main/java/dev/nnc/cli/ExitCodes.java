package dev.nnc.cli;

/** What {@code nnc} returns to the shell (docs/cli.md). */
public final class ExitCodes {

    /** Compiled, passed, done. */
    public static final int OK = 0;
    /** The input has errors, a check failed, or a file could not be read or written. */
    public static final int FAILED = 1;
    /** The command line itself is wrong: unknown flag, missing argument, bad flag value. */
    public static final int USAGE = 2;
    /** Stopped by Ctrl-C (SIGINT): 128 + 2, as a shell reports a process the signal ended. */
    public static final int INTERRUPTED = 130;
    /** A bug in nnc (sysexits.h's EX_SOFTWARE). */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
