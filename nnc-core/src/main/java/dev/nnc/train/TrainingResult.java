package dev.nnc.train;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a run produced: its history, the best validation score and its epoch, the test accuracy when the data
 * has a test split, and the throughput.
 */
public record TrainingResult(List<EpochStats> history, double bestValAcc, int bestEpoch,
                             Optional<Evaluation.Score> test, double trainSeconds, double examplesPerSecond,
                             boolean stoppedEarly) {

    public TrainingResult {
        history = List.copyOf(history);
    }

    /** Test accuracy of the final weights, when there is a test split and the model is a classifier. */
    public OptionalDouble testAcc() {
        return test.filter(s -> s.confusion() != null).map(s -> OptionalDouble.of(s.accuracy()))
                .orElse(OptionalDouble.empty());
    }

    public OptionalDouble testLoss() {
        return test.map(s -> OptionalDouble.of(s.loss())).orElse(OptionalDouble.empty());
    }
}
