package dev.nnc.train;

/** A run that cannot go on (a diverging loss, data that does not fit the model); the message says why and what to do. */
public final class TrainingException extends RuntimeException {

    public TrainingException(String message) {
        super(message, null, false, false);
    }
}
