package dev.nnc.train;

import java.util.List;

/**
 * A learning-rate schedule (docs/training.md#schedules): the rate of every optimizer step, as a function of where
 * the step is and of the epochs measured before it. The trainer asks for each step's rate instead of keeping a
 * running product, so a resumed run uses the very same doubles as an uninterrupted one; a schedule that reacts to
 * the history ({@code reduceOnPlateau}) replays it, so it needs no state of its own in a checkpoint.
 *
 * <p>To add one: a class here, its constructor in {@link Schedules}, its signature in the front end's train
 * catalogue, in the same order (CatalogConsistencyTest).
 */
public interface Schedule {

    /** Whether the rate changes from step to step within an epoch ({@code cosine}, {@code oneCycle}). */
    boolean perBatch();

    /**
     * The rate of one step.
     *
     * @param lr0     the optimizer's {@code lr}: the starting rate, or the peak of {@code oneCycle}
     * @param epoch   1-based epoch of the step
     * @param batch   0-based step within the epoch
     * @param batches steps per epoch
     * @param before  the stats of epochs {@code 1 .. epoch-1}
     */
    double rate(double lr0, int epoch, int batch, int batches, List<EpochStats> before);
}
