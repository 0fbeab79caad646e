package dev.nnc.train;

import dev.nnc.graph.ScheduleSpec;
import java.util.List;

/**
 * {@code oneCycle(pctStart, div, finalDiv)}, per batch: PyTorch's OneCycleLR (two phases, cosine annealing) with
 * the optimizer's {@code lr} as the peak. The rate rises from {@code lr0 / div} to {@code lr0} over the first
 * {@code pctStart} of the {@code T = epochs · B} steps, then falls to {@code lr0 / div / finalDiv} at the last step:
 * <pre>
 * e1 = pctStart · T − 1
 * s ≤ e1:  lr = anneal(lr0 / div, lr0, s / e1)
 * s &gt; e1:  lr = anneal(lr0, lr0 / div / finalDiv, (s − e1) / (T − 1 − e1))
 * anneal(a, b, p) = b + (a − b) · (1 + cos(π · p)) / 2
 * </pre>
 * Only the rate cycles; PyTorch's momentum cycling is not done.
 */
final class OneCycleSchedule implements Schedule {

    private final int epochs;
    private final double pctStart;
    private final double div;
    private final double finalDiv;

    OneCycleSchedule(ScheduleSpec spec, int epochs) {
        this.epochs = epochs;
        this.pctStart = Schedules.arg(spec, "pctStart", Double.MIN_VALUE, 1);
        this.div = Schedules.arg(spec, "div", 1, Double.POSITIVE_INFINITY);
        this.finalDiv = Schedules.arg(spec, "finalDiv", 1, Double.POSITIVE_INFINITY);
    }

    @Override
    public boolean perBatch() {
        return true;
    }

    @Override
    public double rate(double lr0, int epoch, int batch, int batches, List<EpochStats> before) {
        double total = (double) epochs * batches;
        double s = (double) (epoch - 1) * batches + batch;
        double initial = lr0 / div;
        double end1 = pctStart * total - 1;
        if (s <= end1 && end1 > 0) {
            return anneal(initial, lr0, s / end1);
        }
        double rest = total - 1 - end1;
        return anneal(lr0, initial / finalDiv, rest > 0 ? Math.min(1, (s - Math.max(end1, 0)) / rest) : 1);
    }

    private static double anneal(double from, double to, double pct) {
        return to + (from - to) * (1 + Math.cos(Math.PI * pct)) / 2;
    }
}
