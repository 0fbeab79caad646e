package dev.nnc.train;

import dev.nnc.graph.ScheduleSpec;
import java.util.List;

/**
 * {@code exponential(rate)}, per epoch, which {@code lrDecay = rate} stands for: {@code lr(e) = lr0 · rate^(e − 1)},
 * computed from the epoch number each time (not multiplied in epoch after epoch).
 */
final class ExponentialSchedule implements Schedule {

    private final double rate;

    ExponentialSchedule(ScheduleSpec spec, int epochs) {
        this.rate = Schedules.arg(spec, "rate", Double.MIN_VALUE, Double.POSITIVE_INFINITY);
    }

    @Override
    public boolean perBatch() {
        return false;
    }

    @Override
    public double rate(double lr0, int epoch, int batch, int batches, List<EpochStats> before) {
        return lr0 * Math.pow(rate, epoch - 1);
    }
}
