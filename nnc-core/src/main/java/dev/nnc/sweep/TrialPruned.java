package dev.nnc.sweep;

/**
 * Thrown from a trial's {@code TrainingListener.epochDone} when ASHA stops the trial (docs/sweep.md, "Pruning").
 * A trial runner stops training and lets it propagate out of {@code Sweep.TrialRunner.run}; the study then
 * journals the trial as {@code pruned}, not {@code failed}. Unchecked, so it passes through the trainer.
 */
public class TrialPruned extends RuntimeException {

    public TrialPruned(String message) {
        super(message);
    }
}
