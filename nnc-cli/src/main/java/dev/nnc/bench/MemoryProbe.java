package dev.nnc.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What the process allocates and holds: bytes allocated by all live Java threads (HotSpot's per-thread
 * counters, {@code com.sun.management.ThreadMXBean}), the peak of the heap pools, and the peak resident set
 * (Linux {@code VmHWM}).
 */
public final class MemoryProbe {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private MemoryProbe() {
    }

    /** Whether {@link #allocatedBytes()} means anything on this JVM. */
    public static boolean allocationCounted() {
        return threads() != null;
    }

    /**
     * Bytes allocated so far by the live threads (the GEMM workers included); -1 when the JVM does not count.
     * Compare two readings around work done by long-lived threads: a thread that ends takes its count with it.
     */
    public static long allocatedBytes() {
        com.sun.management.ThreadMXBean t = threads();
        if (t == null) {
            return -1;
        }
        long sum = 0;
        for (long b : t.getThreadAllocatedBytes(t.getAllThreadIds())) {
            sum += Math.max(b, 0); // -1 for a thread that ended between the two calls
        }
        return sum;
    }

    private static com.sun.management.ThreadMXBean threads() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported()) {
            if (!t.isThreadAllocatedMemoryEnabled()) {
                t.setThreadAllocatedMemoryEnabled(true);
            }
            return t;
        }
        return null;
    }

    /** Restarts the peak figures: heap pools always; the peak RSS where Linux allows ({@code clear_refs} 5). */
    public static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        try {
            Files.writeString(CLEAR_REFS, "5");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // not Linux, or not allowed: the RSS peak then covers the whole process so far
        }
    }

    /** The sum of the heap pools' peak usage since the last {@link #resetPeaks}. */
    public static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The peak resident set size ({@code VmHWM}), or empty off Linux. */
    public static OptionalLong peakRssBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmHWM:")) {
                    return OptionalLong.of(parseKb(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return OptionalLong.empty();
    }

    /** {@code "VmHWM:     123456 kB"} in bytes. */
    static long parseKb(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(parts[0]) * 1024;
    }
}
