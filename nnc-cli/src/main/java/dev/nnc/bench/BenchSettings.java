package dev.nnc.bench;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Precision;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to benchmark: GEMM threads, precision and batch (empty: the model's train block), the time budget per
 * model, the number of timed windows whose median is reported, the seed of weights and synthetic data, and
 * the machine's peak GFLOPS per core per precision (for the fraction of peak).
 */
public record BenchSettings(int threads, Optional<Precision> precision, OptionalInt batch, double seconds,
                            int windows, long seed, double peakGflopsF32, double peakGflopsF64) {

    /**
     * Peak per core of the reference machine (2-core AMD EPYC, AVX2 + FMA): 2 FMA pipes x 8 floats x 2 FLOPs
     * per cycle at about 3.1 GHz is about 100 GFLOPS in float32 and half, about 51, in float64 (the figures
     * of the performance issue).
     */
    public static final double PEAK_GFLOPS_PER_CORE_F32 = 100;
    public static final double PEAK_GFLOPS_PER_CORE_F64 = 51;

    /** Share of the budget spent warming up (JIT), split 2:1 between training and inference. */
    static final double WARMUP_SHARE = 0.3;
    /** Share of the budget timed on training steps; the rest is timed on inference. */
    static final double TRAIN_SHARE = 0.5;

    public BenchSettings {
        Preconditions.checkArgument(threads >= 1, "threads %s", threads);
        Preconditions.checkNotNull(precision);
        Preconditions.checkNotNull(batch);
        Preconditions.checkArgument(seconds > 0, "seconds %s", seconds);
        Preconditions.checkArgument(windows >= 1, "windows %s", windows);
        Preconditions.checkArgument(peakGflopsF32 > 0 && peakGflopsF64 > 0, "peak GFLOPS must be positive");
    }

    public static BenchSettings defaults(int threads) {
        return new BenchSettings(threads, Optional.empty(), OptionalInt.empty(), 10, 5, 42,
                PEAK_GFLOPS_PER_CORE_F32, PEAK_GFLOPS_PER_CORE_F64);
    }

    public double peakGflopsPerCore(Precision p) {
        return p == Precision.FLOAT32 ? peakGflopsF32 : peakGflopsF64;
    }
}
