package dev.nnc.sweep;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014), written out so that a study draws the same trials on every JDK
 * (java.util's generators do not promise that for their streams of doubles and bounded ints).
 */
public final class SplitMix64 {

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The SplitMix64 finaliser: a bijective scramble of 64 bits. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public long next() {
        state += 0x9e3779b97f4a7c15L;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), by rejection so that no value is favoured. */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound);
        }
        long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
        long r;
        do {
            r = next() >>> 1;
        } while (r >= limit);
        return r % bound;
    }

    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }
}
