package dev.nnc.train;

import java.util.concurrent.CountDownLatch;

/**
 * A test hook for the kill -9 drill (RunDirectoryKillTest): with {@code NNC_TEST_PAUSE_AT=POINT:EPOCH} in the
 * environment, the trainer stops at that write boundary of that epoch, says so on stderr and waits to be killed.
 * Without the variable, {@link #reach} does nothing. The points are listed in docs/training.md.
 */
final class CrashPoints {

    static final String ENV = "NNC_TEST_PAUSE_AT";
    /** Read once: a process's environment does not change, and the batch point is passed every step. */
    private static final String PAUSE_AT = System.getenv(ENV);

    private CrashPoints() {
    }

    static void reach(String point, int epoch) {
        String at = PAUSE_AT;
        if (at == null || !at.equals(point + ":" + epoch)) {
            return;
        }
        System.err.println("nnc-test: paused at " + at);
        System.err.flush();
        try {
            new CountDownLatch(1).await(); // until killed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * As {@link #reach}, but waits only until {@code released} holds (a stop request from a signal), for the
     * Ctrl-C drill (TrainInterruptTest): the signal is sent while the trainer is known to be between batches.
     */
    static void reachBatch(int batch, int epoch, java.util.function.BooleanSupplier released) {
        String at = PAUSE_AT;
        if (at == null || !at.equals("batch-" + batch + ":" + epoch)) { // no string is built in normal runs
            return;
        }
        System.err.println("nnc-test: paused at " + at);
        System.err.flush();
        while (!released.getAsBoolean()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a poll until the signal's hook runs
        }
    }
}
