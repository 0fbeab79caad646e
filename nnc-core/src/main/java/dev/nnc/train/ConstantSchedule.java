package dev.nnc.train;

import dev.nnc.graph.ScheduleSpec;
import java.util.List;

/** {@code schedule = constant} (the default): every step at the optimizer's {@code lr}. */
final class ConstantSchedule implements Schedule {

    ConstantSchedule(ScheduleSpec spec, int epochs) {
    }

    @Override
    public boolean perBatch() {
        return false;
    }

    @Override
    public double rate(double lr0, int epoch, int batch, int batches, List<EpochStats> before) {
        return lr0;
    }
}
