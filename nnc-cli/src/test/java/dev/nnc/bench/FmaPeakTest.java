package dev.nnc.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nnc.tensor.Precision;
import java.lang.management.ManagementFactory;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The peak probe runs at the CPU's widest vector ({@code SPECIES_PREFERRED}: 128, 256 or 512 bits), so this
 * test runs under every width surefire gives it (the default run, {@code -XX:MaxVectorSize=16} and, on x86,
 * {@code -XX:UseAVX=2}). A probe whose vectors the JIT boxes would run far below the core's peak and inflate
 * every "% peak": once compiled it must allocate nothing.
 */
class FmaPeakTest {

    /** A boxed probe allocates gigabytes (12 vectors per iteration); a few KiB are the JVM's own noise. */
    private static final long BOUND_BYTES = 64 << 10;

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theCompiledProbeAllocatesNothingAtThisWidth(Precision precision) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "this JVM does not count allocated bytes");
        double first = FmaPeak.gflopsPerCore(precision); // compiles the loops
        long before = threads.getCurrentThreadAllocatedBytes();
        double second = FmaPeak.gflopsPerCore(precision);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        assertTrue(allocated <= BOUND_BYTES, precision + " probe at " + bits + " bits allocated " + allocated
                + " bytes once compiled");
        assertTrue(first > 0 && second > 0 && Double.isFinite(second), first + ", " + second);
    }
}
