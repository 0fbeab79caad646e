package dev.nnc.train;

import com.google.common.base.Preconditions;

/**
 * What one training epoch measured: one row of history.csv and one point of curves.png.
 *
 * @param epoch    1-based epoch number
 * @param loss     mean training loss over the epoch's batches
 * @param trainAcc training accuracy in [0, 1] (NaN when not measured, e.g. for a regression model)
 * @param valAcc   validation accuracy in [0, 1] (NaN when there is no validation set)
 * @param lr       the learning rate the epoch trained with
 * @param seconds  wall-clock time of the epoch
 */
public record EpochStats(int epoch, double loss, double trainAcc, double valAcc, double lr, double seconds) {

    public EpochStats {
        Preconditions.checkArgument(epoch >= 1, "epoch %s", epoch);
        Preconditions.checkArgument(seconds >= 0, "seconds %s", seconds);
    }
}
