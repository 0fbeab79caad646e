package dev.nnc.api;

import dev.nnc.sweep.Asha;
import dev.nnc.sweep.Journal;
import dev.nnc.sweep.SweepSpec;
import dev.nnc.sweep.Trial;
import dev.nnc.sweep.TrialPruned;
import dev.nnc.train.EpochStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ASHA in a running study (docs/sweep.md, "Pruning"): the study's {@link Asha} shared by the trial threads,
 * and per trial the journal lines held back while a decision is pending. A trial never waits while it trains:
 * past a rung whose decision is pending it goes on, its lines held, and stops at the next epoch after the
 * decision says so. Its journal then reads as if it had stopped at the rung, whatever P or the engine.
 */
final class StudyPruning {

    private final Asha asha;
    private final SweepSpec.Metric metric;

    StudyPruning(Asha.Config config, SweepSpec.Metric metric) {
        this.asha = new Asha(config, metric);
        this.metric = metric;
    }

    /** A done trial of a resumed study: its journaled rung metrics, then its end. */
    synchronized void replay(int trial, List<Double> rungMetrics) {
        for (int k = 0; k < rungMetrics.size(); k++) {
            asha.report(trial, k, rungMetrics.get(k));
        }
        asha.end(trial);
        notifyAll();
    }

    TrialState start(Trial t, Journal journal, int epochs, boolean keepBest, boolean classifier) {
        return new TrialState(t, journal, epochs, keepBest, classifier);
    }

    private double metric(EpochStats s) {
        return metric == SweepSpec.Metric.VAL_ACC ? s.valAcc() : s.valLoss();
    }

    /** One journal line, with the epoch it belongs to. */
    private record Line(int epoch, Runnable write) {
    }

    /** A pruned trial's outcome: the rung, and the epoch whose scores it had there. */
    record Pruned(int rung, int epochs, EpochStats scored) {
    }

    /** One trial's side: its rung reports, its held journal lines. Used from the trial's thread. */
    final class TrialState {
        private final Trial trial;
        private final Journal journal;
        private final int decisions;
        private final boolean keepBest;
        private final boolean classifier;
        private final List<Line> held = new ArrayList<>();
        private final List<EpochStats> atRung = new ArrayList<>();
        private EpochStats best;
        private Pruned pruned;

        private TrialState(Trial trial, Journal journal, int epochs, boolean keepBest, boolean classifier) {
            this.trial = trial;
            this.journal = journal;
            this.decisions = asha.config().decisions(epochs);
            this.keepBest = keepBest;
            this.classifier = classifier;
        }

        /**
         * Whether {@code s} is the trainer's new best epoch, by the trainer's rule (validation accuracy for a
         * classifier, else validation loss; without one the latest). Worked out here rather than taken from the
         * listener, because an engine that relays a remote trial's epochs may not know it.
         */
        private boolean improves(EpochStats s) {
            if (best == null) {
                return true;
            }
            double score = classifier ? s.valAcc() : -s.valLoss();
            double bestScore = classifier ? best.valAcc() : -best.valLoss();
            return Double.isNaN(score) ? Double.isNaN(bestScore) : Double.isNaN(bestScore) || score > bestScore;
        }

        /**
         * An epoch ended: journal it (or hold it), report a rung.
         *
         * @throws TrialPruned when a decision says the trial stops
         */
        void epochDone(EpochStats s) {
            if (improves(s)) {
                best = s;
            }
            // what the trial's result would be if it stopped here: its best weights' scores with keepBest
            EpochStats scored = keepBest ? best : s;
            int i = trial.index();
            int k = asha.config().rungAt(s.epoch());
            synchronized (StudyPruning.this) {
                held.add(new Line(s.epoch(), () -> journal.epoch(i, s.epoch(), s.loss(), s.trainAcc(), s.valAcc())));
                if (k >= 0) {
                    asha.report(i, k, metric(scored));
                    atRung.add(scored);
                    double m = metric(scored);
                    held.add(new Line(s.epoch(), () -> journal.rung(i, k, s.epoch(), m)));
                    StudyPruning.this.notifyAll();
                }
                settle();
            }
            if (pruned != null) {
                throw new TrialPruned("trial " + i + " pruned by " + asha.config().describe() + " at rung "
                        + pruned.rung() + " (epoch " + pruned.epochs() + ")");
            }
        }

        /** Journals what no pending decision holds back; notes a pruning. Pending: false. */
        private boolean settle() {
            int reported = Math.min(atRung.size(), decisions);
            int through = Integer.MAX_VALUE; // lines up to this epoch may go out
            boolean settled = true;
            for (int k = 0; k < reported; k++) {
                Optional<Boolean> d = asha.decision(trial.index(), k);
                if (d.isEmpty() || !d.get()) {
                    through = (int) asha.config().rungEpoch(k);
                    if (d.isPresent()) {
                        pruned = new Pruned(k, through, atRung.get(k));
                    }
                    settled = d.isPresent();
                    break;
                }
            }
            while (!held.isEmpty() && held.get(0).epoch() <= through) {
                held.remove(0).write().run();
            }
            if (pruned != null) {
                held.clear(); // epochs after the rung: as if it had stopped there
            }
            return settled;
        }

        /**
         * The trial stopped (finished, failed or pruned): waits until its decisions are made, journals the lines
         * they let through, and says whether it was pruned. Its predecessors run or ran on other threads, so
         * the wait ends.
         */
        Optional<Pruned> end() throws InterruptedException {
            synchronized (StudyPruning.this) {
                while (!settle()) {
                    StudyPruning.this.wait();
                }
                return Optional.ofNullable(pruned);
            }
        }

        /** After the trial's outcome is journaled: successors may now count on it. */
        void ended() {
            synchronized (StudyPruning.this) {
                asha.end(trial.index());
                StudyPruning.this.notifyAll();
            }
        }
    }
}
