package dev.nnc.data;

/**
 * A problem with the user's data: a missing, truncated or corrupt file, a format violation, or data that
 * does not fit the model. The message names the file (or data set) and what is wrong, and is meant to be
 * shown to the user as is.
 */
public class DataException extends RuntimeException {

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
