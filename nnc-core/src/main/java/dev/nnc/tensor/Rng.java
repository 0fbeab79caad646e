package dev.nnc.tensor;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast generator whose whole state is one {@code long}, so
 * a checkpoint can save it and a resumed run draws exactly the numbers an uninterrupted run would.
 * Not thread-safe; each consumer owns one.
 */
public final class Rng {

    private long state;

    public Rng(long seed) {
        this.state = seed;
    }

    public long state() {
        return state;
    }

    public void setState(long s) {
        state = s;
    }

    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound), unbiased (Lemire's rejection). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound " + bound);
        }
        long r = (nextLong() >>> 32) * bound;
        int low = (int) (r & 0xFFFFFFFFL);
        if (Integer.toUnsignedLong(low) < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (Integer.toUnsignedLong(low) < threshold) {
                r = (nextLong() >>> 32) * bound;
                low = (int) (r & 0xFFFFFFFFL);
            }
        }
        return (int) (r >>> 32);
    }

    /** Standard normal by Box–Muller; draws two uniforms and keeps no spare, so the state stays one long. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log is finite
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** A generator for a sub-task, independent of this one's later draws. */
    public Rng split() {
        return new Rng(nextLong());
    }

    /** Fisher–Yates shuffle of {@code a} in place. */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
