package dev.nnc.bench;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Precision;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to benchmark: GEMM threads, precision and batch (empty: the model's train block), the time budget per
 * model, the number of timed windows whose median is reported, the seed of weights and synthetic data, and
 * the machine's peak GFLOPS per core per precision (for the fraction of peak; {@link FmaPeak} measures it).
 */
public record BenchSettings(int threads, Optional<Precision> precision, OptionalInt batch, double seconds,
                            int windows, long seed, double peakGflopsF32, double peakGflopsF64) {

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

    public double peakGflopsPerCore(Precision p) {
        return p == Precision.FLOAT32 ? peakGflopsF32 : peakGflopsF64;
    }
}
