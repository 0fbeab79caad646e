package dev.nnc.data;

import com.google.common.base.Preconditions;
import dev.nnc.graph.Shape;
import java.util.Optional;

/**
 * The training, validation and (if the data has one) test sets, all seen through {@code preprocessing},
 * which was computed on {@code train} only. {@code validation} is empty when none was held out. {@code notes}
 * say what loading changed on the user's behalf (a validation split scaled down to fit {@code --limit}).
 */
public record DataSplits(Dataset train, Dataset validation, Optional<Dataset> test, Preprocessing preprocessing,
                         java.util.List<String> notes) {

    public DataSplits {
        Preconditions.checkNotNull(train);
        Preconditions.checkNotNull(validation);
        Preconditions.checkNotNull(test);
        Preconditions.checkNotNull(preprocessing);
        notes = java.util.List.copyOf(notes);
    }

    public DataSplits(Dataset train, Dataset validation, Optional<Dataset> test, Preprocessing preprocessing) {
        this(train, validation, test, preprocessing, java.util.List.of());
    }

    /** Checks every split against a classifier's input shape and class count ({@link DataChecks#check}). */
    public void check(Shape inputShape, int numClasses) {
        DataChecks.check(train, inputShape, numClasses);
        DataChecks.check(validation, inputShape, numClasses);
        test.ifPresent(t -> DataChecks.check(t, inputShape, numClasses));
    }

    /** Checks every split against a regression model ({@link DataChecks#checkRegression}). */
    public void checkRegression(Shape inputShape, int outputSize) {
        DataChecks.checkRegression(train, inputShape, outputSize);
        DataChecks.checkRegression(validation, inputShape, outputSize);
        test.ifPresent(t -> DataChecks.checkRegression(t, inputShape, outputSize));
    }
}
