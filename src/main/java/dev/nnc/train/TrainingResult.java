package dev.nnc.train;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What a run produced: its history, the best validation score and its epoch, the test accuracy when the data
 * has a test split, and the throughput.
 */
public record TrainingResult(List<EpochStats> history, double bestValAcc, int bestEpoch, OptionalDouble testAcc,
                             OptionalDouble testLoss, double trainSeconds, double examplesPerSecond,
                             boolean stoppedEarly) {

    public TrainingResult {
        history = List.copyOf(history);
    }
}
