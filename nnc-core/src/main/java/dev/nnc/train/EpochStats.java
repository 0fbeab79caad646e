package dev.nnc.train;

import com.google.common.base.Preconditions;

/**
 * What one training epoch measured: one row of history.csv, one line of metrics.jsonl and one point of curves.png.
 *
 * @param epoch    1-based epoch number
 * @param loss     mean training loss over the epoch's batches (the L2 term and label smoothing included)
 * @param trainAcc training accuracy in [0, 1] (NaN when not measured, e.g. for a regression model)
 * @param valLoss  mean loss on the validation set, plain (no L2, no label smoothing); NaN without one
 * @param valAcc   validation accuracy in [0, 1] (NaN without a validation set, and for regression)
 * @param lr       the learning rate of the epoch's last step, as {@link Schedules#recorded} rounds it
 * @param seconds  wall-clock time of the epoch
 */
public record EpochStats(int epoch, double loss, double trainAcc, double valLoss, double valAcc, double lr,
                         double seconds) {

    public EpochStats {
        Preconditions.checkArgument(epoch >= 1, "epoch %s", epoch);
        Preconditions.checkArgument(seconds >= 0, "seconds %s", seconds);
    }

    /** Without a validation loss (history.csv files written before it had that column). */
    public EpochStats(int epoch, double loss, double trainAcc, double valAcc, double lr, double seconds) {
        this(epoch, loss, trainAcc, Double.NaN, valAcc, lr, seconds);
    }
}
