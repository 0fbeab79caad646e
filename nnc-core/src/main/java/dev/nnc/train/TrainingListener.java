package dev.nnc.train;

/**
 * Progress of a training run, for a progress bar, a log or a test. Called on the training thread; keep it
 * cheap (onBatch runs every step).
 */
public interface TrainingListener {

    /** Before the first batch of an epoch. */
    default void epochStarted(int epoch, int epochs, int batches) {
    }

    /**
     * After each optimizer step.
     *
     * @param runningLoss mean loss of the epoch's batches so far
     * @param examples    examples processed in this epoch so far
     */
    default void batchDone(int epoch, int batch, int batches, double runningLoss, long examples) {
    }

    /**
     * After each optimizer step, with the learning rate that step took (what the trainer calls; by default it
     * forwards to the method without the rate).
     */
    default void batchDone(int epoch, int batch, int batches, double runningLoss, long examples, double lr) {
        batchDone(epoch, batch, batches, runningLoss, examples);
    }

    /** After an epoch's evaluation; {@code improved} when it is the best validation score so far. */
    default void epochDone(EpochStats stats, boolean improved) {
    }

    /** A line worth telling the user (early stop, restored best weights). */
    default void message(String text) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
