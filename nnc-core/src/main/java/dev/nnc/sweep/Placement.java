package dev.nnc.sweep;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a trial ran, as the journal's {@code host}, {@code executor} and {@code attempt} fields record it: the
 * local engine's trials run on this host in the {@code driver} (Spark's name for the executor of local mode), a
 * Spark trial on the executor its task ran on; {@code attempt} counts Spark's retries of the trial's task (0: the
 * first try).
 */
public record Placement(String host, String executor, int attempt) {

    /** This JVM: its host name (or {@code localhost} when it has none), executor {@code driver}. */
    public static Placement here() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return new Placement(host, "driver", 0);
    }
}
