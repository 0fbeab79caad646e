package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.graph.ScheduleSpec;
import java.util.List;

/**
 * {@code step(every, factor)}, per epoch (PyTorch's StepLR): the rate is multiplied by {@code factor} every
 * {@code every} epochs, {@code lr(e) = lr0 · factor^⌊(e − 1) / every⌋}.
 */
final class StepSchedule implements Schedule {

    private final int every;
    private final double factor;

    StepSchedule(ScheduleSpec spec, int epochs) {
        double e = spec.get("every");
        Preconditions.checkArgument(e >= 1 && e == Math.rint(e), "step: every = %s", e);
        this.every = (int) e;
        this.factor = Schedules.arg(spec, "factor", 0, 1);
    }

    @Override
    public boolean perBatch() {
        return false;
    }

    @Override
    public double rate(double lr0, int epoch, int batch, int batches, List<EpochStats> before) {
        return lr0 * Math.pow(factor, (epoch - 1) / every);
    }
}
