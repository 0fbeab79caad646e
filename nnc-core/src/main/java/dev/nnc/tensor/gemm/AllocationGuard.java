package dev.nnc.tensor.gemm;

import com.google.common.base.Preconditions;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Watches a training loop's steps for allocation, which in nnc means a kernel whose vectors the JIT did not
 * keep in registers (issue 11: a boxed Vector-API micro-kernel allocated 150 MiB per step and ran 10-40x
 * slower). After a warm-up it measures what the training thread allocates inside the session's matrix
 * products (the products alone: element loops still being compiled, or a progress display, do not count;
 * the caller marks each step with {@link #stepStarted()} and {@link #stepDone()}); when two windows in a row
 * average more than {@link #BYTES_PER_STEP} per step, it says so once, naming the kernel, and switches the
 * session to the next kernel, which is then watched the same way.
 * One clean window ends the watch, so a healthy run pays two counter reads per step for its first few
 * hundred steps and nothing after.
 *
 * <p>A switch changes the rounding of later products, so a run that needed one is reproducible only on
 * machines where it needs the same switch; the message says so. Not thread-safe: one per training loop.
 */
public final class AllocationGuard {

    /** Steps before the first measurement: the JIT compiles the kernels meanwhile. */
    public static final int WARMUP_STEPS = 150;
    /** Steps per measured window. */
    public static final int WINDOW_STEPS = 20;
    /**
     * Average bytes per step over a window that count as allocating. A healthy step allocates nothing; the
     * boxed kernel allocated megabytes. The margin absorbs the JVM's own rare allocations.
     */
    public static final long BYTES_PER_STEP = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private final Gemm gemm;
    private final List<GemmKernel> fallbacks;
    private final Consumer<String> say;
    private final int warmup;
    private final int window;
    private final long bound;
    private int steps;
    private int inWindow;
    private long windowStartBytes;
    private int strikes;
    private boolean done;

    /**
     * Watches {@code gemm}; falls back through {@code fallbacks} in order (kernels after the current one).
     */
    public AllocationGuard(Gemm gemm, List<GemmKernel> fallbacks, Consumer<String> say, int warmup, int window,
                           long bytesPerStep) {
        Preconditions.checkArgument(warmup >= 0 && window >= 1 && bytesPerStep >= 0, "bad guard settings");
        this.gemm = Preconditions.checkNotNull(gemm);
        this.fallbacks = new ArrayList<>(fallbacks);
        this.say = Preconditions.checkNotNull(say);
        this.warmup = warmup;
        this.window = window;
        this.bound = bytesPerStep;
        this.done = THREADS == null;
    }

    /** The standard guard: the kernels of {@link GemmKernels#available()} after {@code gemm}'s, in order. */
    public static AllocationGuard standard(Gemm gemm, Consumer<String> say) {
        return standard(gemm, say, WARMUP_STEPS, WINDOW_STEPS);
    }

    /** {@link #standard(Gemm, Consumer)} with another warm-up and window (the benchmark's shorter clock). */
    public static AllocationGuard standard(Gemm gemm, Consumer<String> say, int warmup, int window) {
        List<GemmKernel> all = GemmKernels.available();
        List<GemmKernel> after = new ArrayList<>();
        boolean seen = false;
        for (GemmKernel k : all) {
            if (seen) {
                after.add(k);
            }
            seen |= k.name().equals(gemm.kernel().name());
        }
        return new AllocationGuard(gemm, seen ? after : List.of(), say, warmup, window, BYTES_PER_STEP);
    }

    /** Whether the watch is over (a clean window, or nothing left to fall back to). */
    public boolean done() {
        return done;
    }

    public void stepStarted() {
        if (!done && steps == warmup && inWindow == 0) {
            gemm.meter(true); // a window begins
            windowStartBytes = gemm.meteredBytes();
        }
    }

    public void stepDone() {
        if (done) {
            return;
        }
        if (steps < warmup) {
            steps++;
            return;
        }
        if (++inWindow < window) {
            return;
        }
        long perStep = (gemm.meteredBytes() - windowStartBytes) / window;
        inWindow = 0;
        gemm.meter(false);
        if (perStep <= bound) {
            done = true;
            return;
        }
        if (++strikes < 2) {
            return; // once could be the JIT still at work; twice in a row is the kernel
        }
        strikes = 0;
        GemmKernel bad = gemm.kernel();
        if (fallbacks.isEmpty()) {
            say.accept(String.format(Locale.ROOT, "GEMM kernel %s allocates %s per training step on this CPU "
                    + "and JVM, which makes it slow; no other kernel to fall back to", bad.name(), bytes(perStep)));
            done = true;
            return;
        }
        GemmKernel next = fallbacks.remove(0);
        say.accept(String.format(Locale.ROOT, "GEMM kernel %s allocates %s per training step on this CPU and "
                + "JVM (its vectors are not kept in registers), which makes it slow: switching to %s from here "
                + "on (results now differ in rounding from a run that did not switch)", bad.name(), bytes(perStep),
                next.name()));
        gemm.useKernel(next);
        steps = 0; // the new kernel gets its own warm-up
    }

    /** What the current thread has allocated so far, or 0 where the JVM does not count it. */
    static long allocatedBytes() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    static String bytes(long b) {
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        if (b >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / (double) (1L << 10));
        }
        return b + " B";
    }

    private static com.sun.management.ThreadMXBean threads() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                    && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
                return t;
            }
        } catch (LinkageError | RuntimeException e) {
            // no jdk.management in this runtime: nothing to measure with
        }
        return null;
    }
}
