package dev.nnc.tensor.gemm;

import java.util.Locale;

/**
 * Whether splitting a product (or a {@link GemmPool#forEach} loop) over the pool's threads pays, measured
 * per shape on the machine and load at hand. A split call costs the caller its own piece plus the wait for
 * the worker's: waking it (a few µs when it spins, tens when it has parked) and the operands moving between
 * the two cores' caches. For the MLP's small products (100 x 100 x 784 and smaller) that ate the gain and
 * more: two threads trained slower than one (docs/performance.md). So after a warm-up each shape runs
 * {@value #PROBES} calls split and {@value #PROBES} solo (the caller running the same pieces itself),
 * alternating so that a load change hits both, and from then on runs split only if its split calls took
 * at most {@value #GAIN_PERCENT}% of its solo calls' time; it measures again every {@value #REPROBE} calls.
 *
 * <p>Solo and split calls run the same pieces, each with the same kernel call, so the choice never changes a
 * result: runs stay bit-identical whatever the timings were. Touched only by the caller holding the pool;
 * a fixed table, so it allocates nothing once every shape has been seen (a shape beyond its capacity is
 * simply split, as before the table existed).
 */
final class ShapeCosts {

    /** What a call does. */
    static final int SPLIT = 0;
    static final int SOLO = 1;
    static final int PROBE_SPLIT = 2;
    static final int PROBE_SOLO = 3;

    /** Calls of a shape left unmeasured at first, while the JIT compiles the kernels and element loops. */
    static final int WARMUP = 20;
    /** Samples of each mode per measurement. */
    static final int PROBES = 8;
    /** Calls between measurements (a few seconds of MLP training), so a change of load is noticed. */
    static final int REPROBE = 2000;
    /** Split must take at most this share of the solo time: effects after the call (caches) are not counted. */
    static final int GAIN_PERCENT = 90;
    private static final int CAPACITY = 128;

    private final long[] keys = new long[CAPACITY];
    private final String[] labels = new String[CAPACITY];
    /** Calls seen, up to {@link #WARMUP}. */
    private final int[] calls = new int[CAPACITY];
    /** Probe calls left in the current measurement. */
    private final int[] probesLeft = new int[CAPACITY];
    private final long[] splitNanos = new long[CAPACITY];
    private final long[] soloNanos = new long[CAPACITY];
    /** The last measurement's totals, for the report. */
    private final long[] lastSplit = new long[CAPACITY];
    private final long[] lastSolo = new long[CAPACITY];
    private final boolean[] solo = new boolean[CAPACITY];
    private final int[] untilProbe = new int[CAPACITY];

    static long gemmKey(boolean single, boolean tA, boolean tB, int m, int n, int k, int split) {
        long h = mix(((long) m << 32) ^ n);
        h = mix(h ^ ((long) k << 8 ^ split << 3 ^ (single ? 4 : 0) ^ (tA ? 2 : 0) ^ (tB ? 1 : 0)));
        return h | 1; // never 0, the empty slot
    }

    /** A loop's key: its body (made once per kernel, so one body is one call site of one layer) and pieces. */
    static long taskKey(Object body, int pieces) {
        return mix(((long) System.identityHashCode(body) << 32) ^ pieces ^ 0x5EEDL << 40) | 1;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The key's slot, made on first sight; -1 when the table is full. */
    int slot(long key) {
        int i = (int) (key ^ (key >>> 32)) & (CAPACITY - 1);
        for (int probe = 0; probe < CAPACITY; probe++, i = (i + 1) & (CAPACITY - 1)) {
            if (keys[i] == key) {
                return i;
            }
            if (keys[i] == 0) {
                keys[i] = key;
                return i;
            }
        }
        return -1;
    }

    /** Whether the slot still needs its label (for the report). */
    boolean unlabelled(int slot) {
        return slot >= 0 && labels[slot] == null;
    }

    void label(int slot, String label) {
        labels[slot] = label;
    }

    /** What the next call of this slot does. */
    int plan(int slot) {
        if (slot < 0) {
            return SPLIT;
        }
        if (calls[slot] < WARMUP) {
            if (++calls[slot] == WARMUP) {
                startMeasuring(slot);
            }
            return SPLIT;
        }
        int left = probesLeft[slot];
        if (left > 0) {
            probesLeft[slot] = left - 1;
            // two of each in turn, not one: two call sites of one shape taking turns (the MLP's two hidden
            // layers) then each give split and solo samples
            return (left & 2) == 0 ? PROBE_SOLO : PROBE_SPLIT;
        }
        if (--untilProbe[slot] <= 0) {
            startMeasuring(slot);
        }
        return solo[slot] ? SOLO : SPLIT;
    }

    /** A probe call's time; after the last one the slot's choice is made. */
    void record(int slot, boolean split, long nanos) {
        if (split) {
            splitNanos[slot] += nanos;
        } else {
            soloNanos[slot] += nanos;
        }
        if (probesLeft[slot] == 0) {
            solo[slot] = splitNanos[slot] * 100 > soloNanos[slot] * GAIN_PERCENT;
            lastSplit[slot] = splitNanos[slot];
            lastSolo[slot] = soloNanos[slot];
            untilProbe[slot] = REPROBE;
        }
    }

    /** Whether the slot's last measurement chose solo (false before it has measured). */
    boolean runsSolo(int slot) {
        return solo[slot];
    }

    private void startMeasuring(int slot) {
        probesLeft[slot] = 2 * PROBES;
        splitNanos[slot] = 0;
        soloNanos[slot] = 0;
        untilProbe[slot] = REPROBE;
    }

    /** One line per measured shape: its label, split and solo µs per call, the choice. */
    String report() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < CAPACITY; i++) {
            if (keys[i] != 0 && lastSolo[i] > 0) {
                out.append(String.format(Locale.ROOT, "%-44s split %8.1f us  solo %8.1f us  -> %s%n",
                        labels[i], lastSplit[i] / 1e3 / PROBES, lastSolo[i] / 1e3 / PROBES,
                        solo[i] ? "solo" : "split"));
            }
        }
        return out.toString();
    }
}
