package dev.nnc.train;

import java.util.concurrent.CountDownLatch;

/**
 * A test hook for the kill -9 drill (RunDirectoryKillTest): with {@code NNC_TEST_PAUSE_AT=POINT:EPOCH} in the
 * environment, the trainer stops at that write boundary of that epoch, says so on stderr and waits to be killed.
 * Without the variable, {@link #reach} does nothing. The points are listed in docs/training.md.
 */
final class CrashPoints {

    static final String ENV = "NNC_TEST_PAUSE_AT";

    private CrashPoints() {
    }

    static void reach(String point, int epoch) {
        String at = System.getenv(ENV);
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
    static void reachUntil(String point, int epoch, java.util.function.BooleanSupplier released) {
        String at = System.getenv(ENV);
        if (at == null || !at.equals(point + ":" + epoch)) {
            return;
        }
        System.err.println("nnc-test: paused at " + at);
        System.err.flush();
        while (!released.getAsBoolean()) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // a poll until the signal's hook runs
        }
    }
}
