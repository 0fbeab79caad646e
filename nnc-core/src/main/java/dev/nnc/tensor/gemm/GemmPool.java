package dev.nnc.tensor.gemm;

import com.google.common.base.Preconditions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a single-threaded {@link GemmKernel} on several threads by cutting C into independent pieces: row
 * bands when m is large, column bands when n is, and otherwise slices of the k (reduction) axis (e.g. a
 * convolution's weight gradient, 25 x 57600 by 57600 x 30). A depth slice's partial product goes to that
 * piece's own buffer and the buffers are summed in piece order afterwards, so the result does not depend on
 * which thread ran which piece: a seeded training run is reproducible bit for bit.
 * Small products run on the calling thread, where waking a worker would cost more than it saves; above that
 * threshold {@link ShapeCosts} measures, per shape and per loop body, whether split calls beat the caller
 * running the same pieces alone, and runs the shapes where they do not on the caller (the same bits).
 *
 * <p>The workers are created once and reused; a call hands them its arguments through fields (published by
 * a volatile generation counter), so a call allocates nothing once the depth buffers have grown. C is cut
 * into one piece per thread and every thread, the caller included, claims pieces until none is left: a
 * worker that is slow to wake leaves its piece to the caller instead of stalling it. When the caller keeps
 * waiting for workers longer than it works (another process holds the cores), the pool stops waking them
 * for a while and the caller runs the same pieces alone, which gives the same bits. One split call runs at
 * a time; a concurrent caller simply runs single-threaded.
 *
 * <p>Between calls the workers can run an <em>idle job</em> ({@link #startIdleJob}): pieces of work that
 * must be done before the caller needs them but not at once (the next training batch's augmentation), one
 * piece at a time, so a split call waits at most for the piece a worker is in.
 */
public final class GemmPool implements AutoCloseable {

    /**
     * Below this many multiply-adds (about 10 µs of one core) a product runs on the caller: handing half of
     * it to a spinning worker costs a few microseconds. MLP training with 100-wide hidden layers splits its
     * 10⁶-FMA products too: with one piece per thread, 2¹⁸ beat 2²¹ by about 10% in interleaved runs
     * (96.6k against 87.5k examples/s median; docs/performance.md).
     */
    static final long MIN_PARALLEL_FMAS = 1L << 18;
    /**
     * How long a thread spins for work (a worker) or for the workers (the caller) before it parks: half a
     * millisecond, counted in time rather than in spin-wait hints, whose cost differs from CPU to CPU
     * (16,384 hints, the count this replaces, took 0.56 ms on AMD Zen 4; PAUSE costs ~140 cycles on Intel cores
     * since Skylake and ~10 on older ones). The clock is read every {@link #SPINS_PER_CLOCK} hints.
     */
    static final long SPIN_NANOS = 500_000;
    private static final int SPINS_PER_CLOCK = 64;
    /**
     * Split calls in a row in which the caller, done with its own pieces, then waited longer for a worker
     * than it had worked (so splitting gained nothing: a worker descheduled by another process, or too slow
     * to wake) before the pool stops waking its workers for {@link #SOLO_CALLS} calls. Two threads must never
     * be slower than one; on a quiet machine the workers keep up and this never triggers.
     */
    static final int STALLS_FOR_SOLO = 3;
    static final int SOLO_CALLS = 256;
    /** Waits shorter than this do not count as a stall: waking a worker costs a few microseconds anyway. */
    private static final long STALL_MIN_NANOS = 20_000;

    private enum Split { ROWS, COLS, DEPTH, TASK }

    /**
     * The body of a {@link #forEach} call: does piece {@code piece}. Pieces run concurrently on any thread,
     * so a body writes only what belongs to its piece; GEMMs inside it run single-threaded.
     */
    @FunctionalInterface
    public interface Pieces {
        void run(int piece);
    }

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock busy = new ReentrantLock();
    /** Pieces finished in the current call. */
    private final AtomicInteger done = new AtomicInteger();
    /** The current call's generation (high 32 bits) and next unclaimed piece (low 32 bits). */
    private final AtomicLong claims = new AtomicLong();
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;
    private volatile Thread caller;
    // Contention tracking, touched only by the caller holding the pool.
    private int stalls;
    private int soloCalls;

    // Arguments of the call in flight; written before the volatile generation bump, read after it.
    private GemmKernel kernel;
    private boolean single;
    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private double alpha;
    private double beta;
    private float[] sa;
    private float[] sb;
    private float[] sc;
    private double[] da;
    private double[] db;
    private double[] dc;
    private int aOff;
    private int lda;
    private int bOff;
    private int ldb;
    private int cOff;
    private int ldc;
    private Split split;
    private int parts;
    /** Depth slices' partial products, one buffer per piece; reused from call to call. */
    private float[][] sPieces = new float[0][];
    private double[][] dPieces = new double[0][];
    private Pieces task;
    /** The current call's key in {@link #costs}. */
    private long shape;
    /** Split against solo, measured per shape: whether waking the workers pays for this product. */
    private final ShapeCosts costs = new ShapeCosts();

    // The idle job (startIdleJob): its owner, body and piece count, written before its claim word is set.
    private final AtomicReference<Thread> idleOwner = new AtomicReference<>();
    private Pieces idleBody;
    private int idlePieces;
    /**
     * The idle job's generation (high 32 bits) and next unclaimed piece (low 32 bits); between jobs the piece
     * is {@code Integer.MAX_VALUE}, which no job has.
     */
    private final AtomicLong idleClaims = new AtomicLong(Integer.MAX_VALUE);
    private final AtomicInteger idleDone = new AtomicInteger();
    private volatile Throwable idleFailure;

    public GemmPool(int threads) {
        Preconditions.checkArgument(threads >= 1 && threads <= 256, "GEMM threads must be in 1..256, got %s",
                threads);
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int t = 1; t < threads; t++) {
            Worker w = new Worker(t);
            workers[t - 1] = w;
            w.start();
        }
        if (threads > 1 && Boolean.getBoolean("nnc.gemm.report")) {
            // a diagnostic for measuring (docs/performance.md): what the pool chose per shape, at exit
            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.print("nnc: GEMM pool of " + threads
                    + " threads, time per call split and solo, by shape:\n" + costs.report())));
        }
    }

    public int threads() {
        return threads;
    }

    public void sgemm(GemmKernel kern, boolean tA, boolean tB, int m, int n, int k, float alpha, float[] a,
                      int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        Split s = chooseSplit(m, n, k);
        if (s == null || !acquire()) {
            kern.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        try {
            setCall(kern, true, tA, tB, m, n, k, alpha, beta, aOff, lda, bOff, ldb, cOff, ldc, s);
            shape = ShapeCosts.gemmKey(true, tA, tB, m, n, k, s.ordinal());
            sa = a;
            sb = b;
            sc = c;
            if (s == Split.DEPTH) {
                // Every piece accumulates, so apply beta once up front; pieces go to their own buffers.
                GemmSupport.scale(m, n, beta, c, cOff, ldc);
                sPieces = grow(sPieces, parts, m * n);
            }
            runParts();
            if (s == Split.DEPTH) {
                // Summed in piece order, whichever thread ran which piece: the result is the same every run.
                for (int p = 0; p < parts; p++) {
                    float[] piece = sPieces[p];
                    for (int i = 0; i < m; i++) {
                        int ci = cOff + i * ldc;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += piece[i * n + j];
                        }
                    }
                }
            }
        } finally {
            sa = null;
            sb = null;
            sc = null;
            kernel = null;
            busy.unlock();
        }
    }

    public void dgemm(GemmKernel kern, boolean tA, boolean tB, int m, int n, int k, double alpha, double[] a,
                      int aOff, int lda, double[] b, int bOff, int ldb, double beta, double[] c, int cOff,
                      int ldc) {
        Split s = chooseSplit(m, n, k);
        if (s == null || !acquire()) {
            kern.dgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        try {
            setCall(kern, false, tA, tB, m, n, k, alpha, beta, aOff, lda, bOff, ldb, cOff, ldc, s);
            shape = ShapeCosts.gemmKey(false, tA, tB, m, n, k, s.ordinal());
            da = a;
            db = b;
            dc = c;
            if (s == Split.DEPTH) {
                // Every piece accumulates, so apply beta once up front; pieces go to their own buffers.
                GemmSupport.scale(m, n, beta, c, cOff, ldc);
                dPieces = grow(dPieces, parts, m * n);
            }
            runParts();
            if (s == Split.DEPTH) {
                // Summed in piece order, whichever thread ran which piece: the result is the same every run.
                for (int p = 0; p < parts; p++) {
                    double[] piece = dPieces[p];
                    for (int i = 0; i < m; i++) {
                        int ci = cOff + i * ldc;
                        for (int j = 0; j < n; j++) {
                            c[ci + j] += piece[i * n + j];
                        }
                    }
                }
            }
        } finally {
            da = null;
            db = null;
            dc = null;
            kernel = null;
            busy.unlock();
        }
    }

    /**
     * Runs {@code body} for pieces 0 .. pieces-1, spread over the pool's threads (the caller works too) and
     * returns when all are done; on one thread, or when called from inside a pool call, they run in order on
     * the caller. What a piece computes must not depend on the thread that runs it, which keeps results
     * identical from run to run. Allocation-free. Pass the same body object on every call of a loop (a field,
     * not a new lambda): the pool learns per body whether splitting it pays.
     */
    public void forEach(int pieces, Pieces body) {
        if (threads == 1 || pieces <= 1 || !acquire()) {
            for (int i = 0; i < pieces; i++) {
                body.run(i);
            }
            return;
        }
        try {
            this.kernel = null;
            this.task = body;
            this.split = Split.TASK;
            this.parts = pieces;
            this.shape = ShapeCosts.taskKey(body, pieces);
            runParts();
        } finally {
            task = null;
            busy.unlock();
        }
    }

    /**
     * Publishes pieces 0 .. pieces-1 of {@code body} as the pool's idle job: the workers run them one at a
     * time whenever no split call needs them, in the gaps of the caller's work (the batch feed augments the
     * next batch so while the current one trains, on a core the products leave idle, instead of on a thread of
     * its own that would compete with the workers). {@link #finishIdleJob} runs what is left on the caller and
     * waits for the pieces under way. As for {@link #forEach}, what a piece computes must not depend on the
     * thread that runs it. Allocation-free.
     *
     * @return false, and nothing is published, when the pool has no workers, is closed, or runs another
     *         caller's idle job: then {@code finishIdleJob} runs every piece on the caller
     */
    public boolean startIdleJob(int pieces, Pieces body) {
        if (threads == 1 || closed || pieces < 1 || !idleOwner.compareAndSet(null, Thread.currentThread())) {
            return false;
        }
        idleBody = body;
        idlePieces = pieces;
        idleDone.set(0);
        idleFailure = null;
        idleClaims.set(((idleClaims.get() >>> 32) + 1) << 32); // opens the job: a new generation, piece 0 next
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
        return true;
    }

    /**
     * Completes the idle job {@code body}: runs its unclaimed pieces on the caller, waits for those under way
     * on the workers and rethrows a piece's failure. {@code started} is what {@link #startIdleJob} returned
     * (false: every piece runs here, in order).
     */
    public void finishIdleJob(boolean started, int pieces, Pieces body) {
        if (!started) {
            for (int i = 0; i < pieces; i++) {
                body.run(i);
            }
            return;
        }
        try {
            while (runIdlePiece()) {
                // the caller takes what the workers have not
            }
            long t0 = System.nanoTime();
            for (int spin = 1; idleDone.get() != idlePieces; spin++) {
                // a piece under way is one example's work, microseconds; longer, its worker lost its core
                if (spin % SPINS_PER_CLOCK != 0 || System.nanoTime() - t0 < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        } finally {
            // closed: a worker that read the claim word of this job before it ended can claim nothing in
            // the next one before the next one opens its word (after its fields are written)
            idleClaims.set((idleClaims.get() & ~0xFFFFFFFFL) | Integer.MAX_VALUE);
            idleBody = null;
            idleOwner.set(null);
        }
        Throwable t = idleFailure;
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
    }

    /** Claims and runs one piece of the idle job; false when none is left. */
    private boolean runIdlePiece() {
        while (true) {
            long cur = idleClaims.get();
            int piece = (int) cur;
            // the claim word names the job: a claimed piece belongs to it, and the job cannot end (nor its
            // body change) before this piece is counted done
            if (piece >= idlePieces || idleBody == null) {
                return false;
            }
            if (!idleClaims.compareAndSet(cur, cur + 1)) {
                continue;
            }
            try {
                idleBody.run(piece);
            } catch (RuntimeException | Error e) {
                idleFailure = e;
            }
            idleDone.incrementAndGet();
            return true;
        }
    }

    /** Row bands if there are enough rows, else column bands, else depth slices; null means stay serial. */
    private Split chooseSplit(int m, int n, int k) {
        if (threads == 1 || closed || (long) m * n * k < MIN_PARALLEL_FMAS) {
            return null;
        }
        if (m >= threads * 24) {
            return Split.ROWS;
        }
        if (n >= threads * 32) {
            return Split.COLS;
        }
        if (k >= threads * 128) {
            return Split.DEPTH;
        }
        return null;
    }

    /** Takes the pool for one split call; false if another call holds it or the pool is closed. */
    private boolean acquire() {
        if (busy.isHeldByCurrentThread() || !busy.tryLock()) { // a GEMM inside a forEach piece stays serial
            return false;
        }
        if (closed) {
            busy.unlock();
            return false;
        }
        // Retire the previous call before its fields are overwritten: a worker still leaving it could
        // otherwise read the old generation's claim word against the new call's piece count, claim a piece
        // that does not exist, and count it as done, so the caller would wait forever.
        claims.set(((long) generation << 32) | Integer.MAX_VALUE);
        return true;
    }

    private void setCall(GemmKernel kern, boolean isSingle, boolean tA, boolean tB, int m, int n, int k,
                         double alpha, double beta, int aOff, int lda, int bOff, int ldb, int cOff, int ldc,
                         Split s) {
        this.kernel = kern;
        this.single = isSingle;
        this.transA = tA;
        this.transB = tB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.beta = beta;
        this.aOff = aOff;
        this.lda = lda;
        this.bOff = bOff;
        this.ldb = ldb;
        this.cOff = cOff;
        this.ldc = ldc;
        this.split = s;
        int len = s == Split.ROWS ? m : s == Split.COLS ? n : k;
        int units = (len + align(s) - 1) / align(s);
        // One piece per thread: a row band of a 100-row product cut in four re-packed all of B four times
        // and ran 5% slower than two halves.
        this.parts = Math.max(1, Math.min(units, threads));
    }

    /** Pieces start on multiples of the kernels' tile sizes (6 rows, 16 columns) or of 64 in depth. */
    private static int align(Split s) {
        return s == Split.ROWS ? 6 : s == Split.COLS ? 16 : 64;
    }

    /**
     * Publishes the call, works on it with the workers until every piece is done; returns its generation. In
     * solo mode the call is not published: the caller runs every piece itself, the same pieces in the same
     * order, so the result is the same bits either way. A call runs solo while the pool is in its contention
     * fallback (see {@link #STALLS_FOR_SOLO}) and when {@link ShapeCosts} measured that splitting this shape
     * does not pay (waking a worker and moving the operands between the cores' caches costs more than the
     * half of the work it takes over), or for its solo samples while it measures.
     */
    private int runParts() {
        failure = null;
        caller = Thread.currentThread();
        done.set(0);
        int gen = generation + 1;
        claims.set((long) gen << 32);
        int slot = costs.slot(shape);
        if (costs.unlabelled(slot)) {
            costs.label(slot, split == Split.TASK ? "forEach " + task.getClass().getSimpleName() + " x" + parts
                    : split + " " + (single ? "f32 " : "f64 ") + m + "x" + n + "x" + k
                    + (transA ? " tA" : "") + (transB ? " tB" : ""));
        }
        int plan = soloCalls > 0 ? ShapeCosts.SOLO : costs.plan(slot);
        long t0 = System.nanoTime();
        if (plan == ShapeCosts.SOLO || plan == ShapeCosts.PROBE_SOLO) {
            if (soloCalls > 0) {
                soloCalls--;
            }
            workOn(gen); // unpublished: no worker can claim a piece
            if (plan == ShapeCosts.PROBE_SOLO) {
                costs.record(slot, false, System.nanoTime() - t0);
            }
        } else {
            generation = gen;
            for (Worker w : workers) {
                LockSupport.unpark(w);
            }
            workOn(gen);
            long t1 = System.nanoTime();
            for (int spin = 1; done.get() != parts; spin++) {
                if (spin % SPINS_PER_CLOCK != 0 || System.nanoTime() - t1 < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            long t2 = System.nanoTime();
            noteWait(t1 - t0, t2 - t1);
            if (plan == ShapeCosts.PROBE_SPLIT) {
                costs.record(slot, true, t2 - t0);
            }
        }
        Throwable t = failure;
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return gen;
    }

    /** What the pool measured per shape: one line each (shape, split and solo µs per call, the choice). */
    String costReport() {
        return costs.report();
    }

    /** Counts a stall when the caller waited for the workers longer than it worked itself. */
    void noteWait(long ownNanos, long waitNanos) {
        if (waitNanos > ownNanos && waitNanos > STALL_MIN_NANOS) {
            if (++stalls >= STALLS_FOR_SOLO) {
                stalls = 0;
                soloCalls = SOLO_CALLS;
            }
        } else {
            stalls = 0;
        }
    }

    /** Split calls the caller runs alone from now on (for tests of the contention fallback). */
    int soloCallsLeft() {
        return soloCalls;
    }

    /** Runs the next {@code calls} split calls on the caller alone, as after stalls (for tests). */
    void forceSolo(int calls) {
        soloCalls = calls;
    }

    /** Claims and runs pieces of call {@code gen} until none is left (or that call is over). */
    private void workOn(int gen) {
        while (true) {
            long cur = claims.get();
            int piece = (int) cur;
            if ((int) (cur >>> 32) != gen || piece >= parts) {
                return;
            }
            if (!claims.compareAndSet(cur, cur + 1)) {
                continue;
            }
            try {
                runPart(piece);
            } catch (RuntimeException | Error e) {
                // Keep claiming: every piece must be counted or the caller would wait forever.
                failure = e;
            }
            if (done.incrementAndGet() == parts) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Start of piece {@code part} of {@code parts} along an axis of length {@code len}, in steps of {@code align}. */
    private static int bound(int part, int parts, int len, int align) {
        long units = (len + align - 1) / align;
        return (int) Math.min(len, units * part / parts * align);
    }

    private void runPart(int part) {
        switch (split) {
            case ROWS -> {
                int r0 = bound(part, parts, m, align(split));
                int r1 = bound(part + 1, parts, m, align(split));
                int a0 = aOff + (transA ? r0 : r0 * lda);
                call(r1 - r0, n, k, a0, bOff, cOff + r0 * ldc, ldc, beta, -1);
            }
            case COLS -> {
                int c0 = bound(part, parts, n, align(split));
                int c1 = bound(part + 1, parts, n, align(split));
                int b0 = bOff + (transB ? c0 * ldb : c0);
                call(m, c1 - c0, k, aOff, b0, cOff + c0, ldc, beta, -1);
            }
            case DEPTH -> {
                int p0 = bound(part, parts, k, align(split));
                int p1 = bound(part + 1, parts, k, align(split));
                int a0 = aOff + (transA ? p0 * lda : p0);
                int b0 = bOff + (transB ? p0 : p0 * ldb);
                call(m, n, p1 - p0, a0, b0, 0, n, 0.0, part);
            }
            case TASK -> task.run(part);
            default -> throw new IllegalStateException("unknown split " + split);
        }
    }

    /** One piece: into C itself, or (a depth slice, {@code piece >= 0}) into that piece's own buffer. */
    private void call(int pm, int pn, int pk, int pa, int pb, int pcOff, int pldc, double pBeta, int piece) {
        if (single) {
            float[] target = piece < 0 ? sc : sPieces[piece];
            kernel.sgemm(transA, transB, pm, pn, pk, (float) alpha, sa, pa, lda, sb, pb, ldb, (float) pBeta,
                    target, pcOff, pldc);
        } else {
            double[] target = piece < 0 ? dc : dPieces[piece];
            kernel.dgemm(transA, transB, pm, pn, pk, alpha, da, pa, lda, db, pb, ldb, pBeta, target, pcOff, pldc);
        }
    }

    /** At least {@code count} buffers of at least {@code size}; grown by the caller before the workers start. */
    private static float[][] grow(float[][] bufs, int count, int size) {
        float[][] out = bufs.length >= count ? bufs : java.util.Arrays.copyOf(bufs, count);
        for (int i = 0; i < count; i++) {
            if (out[i] == null || out[i].length < size) {
                out[i] = new float[size];
            }
        }
        return out;
    }

    private static double[][] grow(double[][] bufs, int count, int size) {
        double[][] out = bufs.length >= count ? bufs : java.util.Arrays.copyOf(bufs, count);
        for (int i = 0; i < count; i++) {
            if (out[i] == null || out[i].length < size) {
                out[i] = new double[size];
            }
        }
        return out;
    }

    /** Stops the workers; later calls run on the caller. */
    @Override
    public void close() {
        busy.lock();
        try {
            closed = true;
        } finally {
            busy.unlock();
        }
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private final class Worker extends Thread {
        private int seen;

        Worker(int index) {
            super("nnc-gemm-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                long idleSince = System.nanoTime();
                for (int spin = 1; generation == seen && !closed; spin++) {
                    if (runIdlePiece()) {
                        idleSince = System.nanoTime();
                    } else if (spin % SPINS_PER_CLOCK != 0 || System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                if (generation == seen) {
                    return;
                }
                seen = generation;
                workOn(seen);
            }
        }
    }
}
