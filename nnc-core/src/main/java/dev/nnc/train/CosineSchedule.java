package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.graph.ScheduleSpec;
import java.util.List;

/**
 * {@code cosine(warmup, minLr)}, per batch: a linear warm-up over the first {@code warmup} epochs, then half a
 * cosine from {@code lr0} down to {@code minLr} over the rest of the run. With {@code B} steps per epoch,
 * {@code T = epochs · B} steps in all, {@code W = min(round(warmup · B), T − 1)} warm-up steps and step {@code s}
 * (0-based over the run):
 * <pre>
 * s &lt; W:  lr = lr0 · (s + 1) / W
 * s ≥ W:  lr = minLr + (lr0 − minLr) · (1 + cos(π · (s − W) / (T − W))) / 2
 * </pre>
 */
final class CosineSchedule implements Schedule {

    private final int epochs;
    private final double warmup;
    private final double minLr;

    CosineSchedule(ScheduleSpec spec, int epochs) {
        this.epochs = epochs;
        this.warmup = Schedules.arg(spec, "warmup", 0, Double.POSITIVE_INFINITY);
        this.minLr = Schedules.arg(spec, "minLr", 0, Double.POSITIVE_INFINITY);
        Preconditions.checkArgument(warmup < epochs, "cosine: warmup = %s epochs leaves none of the %s epochs to "
                + "anneal; make it smaller than epochs", Schedules.show(warmup), epochs);
    }

    @Override
    public boolean perBatch() {
        return true;
    }

    @Override
    public double rate(double lr0, int epoch, int batch, int batches, List<EpochStats> before) {
        long total = (long) epochs * batches;
        // at least one step left to anneal: a fractional warm-up can round up to the whole of a tiny run
        long w = Math.min(Math.round(warmup * batches), total - 1);
        long s = (long) (epoch - 1) * batches + batch;
        if (s < w) {
            return lr0 * (s + 1) / w;
        }
        return minLr + (lr0 - minLr) * (1 + Math.cos(Math.PI * (s - w) / (total - w))) / 2;
    }
}
