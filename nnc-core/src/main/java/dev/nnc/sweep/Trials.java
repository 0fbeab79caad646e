package dev.nnc.sweep;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a study's trials. Trial i depends on (study seed, i) only, never on the trials before it or on who
 * runs it, so any engine can compute and run trial i on its own and get the same result.
 *
 * <p>A grid enumerates every combination in the order nested loops over the keys would, the first key
 * outermost. A random search draws each trial's values from a generator seeded by (study seed, i). A trial's
 * training seed is another scramble of (study seed, i).
 */
public final class Trials {

    /** Grids larger than this are refused: every trial is compiled before any trains. */
    public static final long MAX_TRIALS = 100_000;

    private static final long CONFIG_SALT = 0x5eed_c0f1_9000_0001L;
    private static final long SEED_SALT = 0x5eed_7a1b_0000_0002L;

    private Trials() {
    }

    public static List<Trial> all(SweepSpec spec, long studySeed) {
        List<Trial> out = new ArrayList<>(spec.trials());
        for (int i = 0; i < spec.trials(); i++) {
            out.add(trial(spec, studySeed, i));
        }
        return out;
    }

    public static Trial trial(SweepSpec spec, long studySeed, int index) {
        Preconditions.checkArgument(index >= 0 && index < spec.trials(), "trial %s of %s", index, spec.trials());
        Map<String, String> config = new LinkedHashMap<>();
        if (spec.method() == SweepSpec.Method.GRID) {
            long rest = index;
            List<Dimension> dims = spec.dimensions();
            String[] values = new String[dims.size()];
            for (int d = dims.size() - 1; d >= 0; d--) { // the last key changes fastest
                long size = dims.get(d).gridSize();
                values[d] = dims.get(d).gridValue(rest % size);
                rest /= size;
            }
            for (int d = 0; d < dims.size(); d++) {
                config.put(dims.get(d).key(), values[d]);
            }
        } else {
            SplitMix64 rng = new SplitMix64(stream(studySeed, CONFIG_SALT, index));
            for (Dimension d : spec.dimensions()) {
                config.put(d.key(), d.sample(rng));
            }
        }
        return new Trial(index, config, trainingSeed(studySeed, index));
    }

    /** The seed trial {@code index} trains with: in 0..2^31-1, as the train block's {@code seed} must be. */
    public static long trainingSeed(long studySeed, int index) {
        return stream(studySeed, SEED_SALT, index) & Integer.MAX_VALUE;
    }

    /** The number of grid combinations, or -1 when it exceeds {@link #MAX_TRIALS} or a dimension has no grid. */
    public static long gridSize(List<Dimension> dims) {
        long n = 1;
        for (Dimension d : dims) {
            long s = d.gridSize();
            if (s < 0 || s > MAX_TRIALS || n * s > MAX_TRIALS) {
                return -1;
            }
            n *= s;
        }
        return n;
    }

    private static long stream(long studySeed, long salt, int index) {
        return SplitMix64.mix(SplitMix64.mix(studySeed ^ salt) + index);
    }
}
