package dev.nnc.sweep;

/**
 * A trial that failed on its own (a diverged run, a data error, a configuration that does not train), thrown by a
 * trial runner with where it ran, so that the journal's {@code failed} line names the host. The message is the
 * cause's.
 */
public final class TrialFailure extends RuntimeException {

    private final transient Placement placement;

    public TrialFailure(String message, Placement placement, Throwable cause) {
        super(message, cause);
        this.placement = placement;
    }

    public Placement placement() {
        return placement;
    }
}
