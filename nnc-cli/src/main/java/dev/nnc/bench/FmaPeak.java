package dev.nnc.bench;

import dev.nnc.tensor.Precision;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One core's peak GFLOPS, measured rather than assumed: twelve independent fused multiply-add chains at the
 * CPU's widest vector keep every FMA pipe busy (a chain waits about four cycles for its previous FMA; two
 * pipes need eight chains in flight), so the best of a few short rounds is what the core can do at most.
 * A "% of peak" against a table of nominal clock rates would be wrong on every machine whose clock, pipe
 * count or turbo differs from the table's; this figure moves with the machine the benchmark runs on.
 *
 * <p>The widest vector is used on purpose, although nnc's GEMM runs at 256 bits: the peak is the core's,
 * not the kernel's. On CPUs that split a 512-bit FMA into two 256-bit halves (AMD Zen 4) both widths give
 * the same figure; where 512-bit FMAs are really twice as fast, the fraction of peak says so.
 */
public final class FmaPeak {

    /** Chains in flight: more than pipes x latency on every x86-64 and ARM core in use today. */
    private static final int CHAINS = 12;
    private static final int ROUNDS = 40;
    private static final long WARMUP_ITERATIONS = 200_000;
    private static final long ROUND_ITERATIONS = 400_000;

    private FmaPeak() {
    }

    /** GFLOPS of one core in this precision: the best of a few rounds after the JIT has compiled the loop. */
    public static double gflopsPerCore(Precision precision) {
        boolean f32 = precision == Precision.FLOAT32;
        double sink = 0;
        for (int i = 0; i < 20; i++) { // interpreted, then C1, then C2 with the vector intrinsics
            sink += f32 ? floatChains(WARMUP_ITERATIONS) : doubleChains(WARMUP_ITERATIONS);
        }
        long best = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            sink += f32 ? floatChains(ROUND_ITERATIONS) : doubleChains(ROUND_ITERATIONS);
            best = Math.min(best, System.nanoTime() - t0);
        }
        if (Double.isNaN(sink)) { // keeps the loops' results alive; the chains converge to a finite value
            throw new AssertionError("FMA chains diverged");
        }
        int lanes = f32 ? FloatVector.SPECIES_PREFERRED.length() : DoubleVector.SPECIES_PREFERRED.length();
        double flops = 2.0 * CHAINS * lanes * ROUND_ITERATIONS;
        return flops / best;
    }

    private static double floatChains(long iterations) {
        VectorSpecies<Float> s = FloatVector.SPECIES_PREFERRED;
        // x <- x * m + c converges to c / (1 - m): no overflow, no subnormals, nothing the JIT can fold.
        FloatVector m = FloatVector.broadcast(s, 0.999f);
        FloatVector c = FloatVector.broadcast(s, 0.001f);
        FloatVector a0 = FloatVector.broadcast(s, 0.5f);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector a8 = a0;
        FloatVector a9 = a0;
        FloatVector a10 = a0;
        FloatVector a11 = a0;
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }

    private static double doubleChains(long iterations) {
        VectorSpecies<Double> s = DoubleVector.SPECIES_PREFERRED;
        DoubleVector m = DoubleVector.broadcast(s, 0.999);
        DoubleVector c = DoubleVector.broadcast(s, 0.001);
        DoubleVector a0 = DoubleVector.broadcast(s, 0.5);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector a4 = a0;
        DoubleVector a5 = a0;
        DoubleVector a6 = a0;
        DoubleVector a7 = a0;
        DoubleVector a8 = a0;
        DoubleVector a9 = a0;
        DoubleVector a10 = a0;
        DoubleVector a11 = a0;
        for (long i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
                .reduceLanes(VectorOperators.ADD);
    }
}
