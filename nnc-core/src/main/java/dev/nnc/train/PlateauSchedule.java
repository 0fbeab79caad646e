package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.graph.ScheduleSpec;
import java.util.List;

/**
 * {@code reduceOnPlateau(monitor, patience, factor, minLr)}, per epoch (Keras' ReduceLROnPlateau): when the
 * monitored validation figure ({@code valLoss}, lower is better, or {@code valAcc}, higher is better) has not been
 * strictly better than its best for {@code patience} epochs in a row, the rate is multiplied by {@code factor}
 * (not below {@code minLr}) and the count starts again. The rate is found by replaying the history of the epochs
 * so far, so it needs no state in the checkpoint and a resumed run reduces exactly where an uninterrupted one did.
 */
final class PlateauSchedule implements Schedule {

    private final boolean loss;
    private final int patience;
    private final double factor;
    private final double minLr;

    PlateauSchedule(ScheduleSpec spec, int epochs) {
        String monitor = spec.word("monitor");
        Preconditions.checkArgument(monitor.equals("valLoss") || monitor.equals("valAcc"),
                "reduceOnPlateau: monitor = %s", monitor);
        this.loss = monitor.equals("valLoss");
        double p = spec.get("patience");
        Preconditions.checkArgument(p >= 1 && p == Math.rint(p), "reduceOnPlateau: patience = %s", p);
        this.patience = (int) p;
        this.factor = Schedules.arg(spec, "factor", Double.MIN_VALUE, 1);
        this.minLr = Schedules.arg(spec, "minLr", 0, Double.POSITIVE_INFINITY);
    }

    /** The figure it watches, for the trainer's check that the run measures it. */
    String monitor() {
        return loss ? "valLoss" : "valAcc";
    }

    @Override
    public boolean perBatch() {
        return false;
    }

    @Override
    public double rate(double lr0, int epoch, int batch, int batches, List<EpochStats> before) {
        double lr = lr0;
        double best = Double.NaN;
        int wait = 0;
        for (EpochStats s : before) {
            double m = loss ? s.valLoss() : s.valAcc();
            if (Double.isNaN(m)) {
                continue; // not measured (a history.csv from before val_loss): neither better nor worse
            }
            if (Double.isNaN(best) || (loss ? m < best : m > best)) {
                best = m;
                wait = 0;
            } else if (++wait >= patience) {
                lr = Math.max(lr * factor, minLr);
                wait = 0;
            }
        }
        return lr;
    }
}
