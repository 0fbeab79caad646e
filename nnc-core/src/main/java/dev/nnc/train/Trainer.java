package dev.nnc.train;

import dev.nnc.tensor.gemm.AllocationGuard;
import com.google.common.base.Preconditions;
import dev.nnc.data.DataSplits;
import dev.nnc.ops.Mode;
import dev.nnc.exec.Network;
import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.GraphHash;
import dev.nnc.graph.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The training loop, CS231n Solver semantics: each epoch visits the training set once in a fresh seeded
 * order, one optimizer step per mini-batch at the rate its {@link Schedule} gives; after the epoch accuracy is
 * measured on the first {@value #TRAIN_ACC_SAMPLES} training examples, loss and accuracy on the validation set, and
 * the best weights
 * (by validation accuracy, or validation loss for regression) are remembered. A non-finite loss stops the
 * run; the last checkpoint written stays as it was.
 *
 * <p>Reproducibility: initial weights come from the seed (the {@link Network}), each epoch's order from
 * {@code (seed, epoch)}, dropout masks from the network's generator, whose state checkpoints save. So a run
 * resumed from its epoch-k checkpoint continues exactly as the uninterrupted run did.
 *
 * <p>Each training batch is prepared (copied, decoded, augmented from {@code (seed, epoch, batch)}) by a
 * {@link BatchFeed}, one ahead on a thread of its own or in the GEMM workers' idle time ({@link #feedMode}),
 * which gives the batches the training thread would give, bit for bit.
 */
public final class Trainer {

    static final int TRAIN_ACC_SAMPLES = 1000;

    /**
     * A loss this many times the run's first (or 1, if that was smaller) means divergence, though still finite:
     * Adam with lr = 1e6 reaches 4e14 without ever overflowing.
     */
    static final double DIVERGENCE_GROWTH = 1e6;

    private final Network net;
    private final TrainConfig config;
    private final long seed;
    private final Optimizer optimizer;
    private final Schedule schedule;
    private final List<EpochStats> history = new ArrayList<>();
    private final List<Tensor> best = new ArrayList<>();
    private Optional<Path> runDir = Optional.empty();
    private String preprocessingJson = "{}";
    private int epochsDone;
    /** How training batches are prepared; empty: {@link #feedMode}'s choice. */
    private Optional<BatchFeed.Mode> feedMode = Optional.empty();
    private double bestScore = Double.NaN;
    private int bestEpoch;
    private double firstLoss = Double.NaN;
    /** The rate of the last step taken. */
    private double lastRate = Double.NaN;
    /** What checkpoints carry besides the state: the model's source and the run's --limit. */
    private Optional<dev.nnc.graph.ModelSource> source = Optional.empty();
    private java.util.OptionalInt limit = java.util.OptionalInt.empty();
    private java.util.function.BooleanSupplier stopRequested = () -> false;

    public Trainer(Network net, TrainConfig config, long seed) {
        dev.nnc.graph.Trainability.refusal(net.graph()).ifPresent(why -> {
            throw new TrainingException(why);
        });
        if (!net.hasLoss()) {
            throw new TrainingException("model " + net.graph().model() + " cannot be trained: it has no loss layer."
                    + " End it with softmax or svm (classification) or mse (regression); without one it can"
                    + " only predict");
        }
        this.net = net;
        this.config = config;
        this.seed = seed;
        this.optimizer = Optimizers.create(config.optimizer(), net.parameters());
        try {
            this.schedule = Schedules.create(config.schedule(), config.epochs());
        } catch (IllegalArgumentException e) {
            throw new TrainingException("schedule = " + config.schedule().describe() + ": " + e.getMessage());
        }
        if (config.labelSmoothing() != 0 && !net.graph().lossOp().orElse("").equals("softmax")) {
            throw new TrainingException("labelSmoothing = " + config.labelSmoothing() + " needs a softmax loss, but "
                    + net.graph().model() + " ends in " + net.graph().lossOp().orElse("no loss layer")
                    + "; remove labelSmoothing");
        }
        for (Parameter p : net.parameters()) {
            best.add(p.value().zerosLike(p.value().shape()));
        }
        snapshotBest();
    }

    /** Writes {@code last} and {@code best} checkpoints and the history into this directory as the run goes. */
    public Trainer writingTo(Path dir, String preprocessingJson) {
        RunDirectory.recover(dir);
        this.runDir = Optional.of(dir);
        this.preprocessingJson = preprocessingJson;
        return this;
    }

    /**
     * Prepares each training batch (copy, decode, augmentation) on the calling thread when it is taken, instead
     * of one ahead. The batches, and so the weights, are the same bit for bit whichever way they are prepared;
     * preparing ahead only overlaps the work with the previous step.
     */
    public Trainer preparingBatchesInForeground() {
        this.feedMode = Optional.of(BatchFeed.Mode.FOREGROUND);
        return this;
    }

    /** Prepares each training batch one ahead on a thread of its own, even when the GEMM threads use every core. */
    public Trainer preparingBatchesInBackground() {
        this.feedMode = Optional.of(BatchFeed.Mode.THREAD);
        return this;
    }

    /**
     * Prepares each training batch one ahead, augmented by the GEMM workers while the step's products leave
     * them idle, even when a core is free for a thread of its own.
     */
    public Trainer preparingBatchesInIdleTime() {
        this.feedMode = Optional.of(BatchFeed.Mode.IDLE);
        return this;
    }

    /** Checkpoints carry {@code source} (so they run without the .nn file) and the run's {@code limit}. */
    public Trainer embedding(Optional<dev.nnc.graph.ModelSource> source, java.util.OptionalInt limit) {
        this.source = source;
        this.limit = limit;
        return this;
    }

    /**
     * Polled after every batch: once true, training stops there and the unfinished epoch is dropped, so the
     * {@code last} checkpoint (of the last finished epoch) resumes exactly as an uninterrupted run would go on.
     */
    public Trainer stoppingWhen(java.util.function.BooleanSupplier stop) {
        this.stopRequested = stop;
        return this;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /**
     * Continues from a checkpoint written by a run of the same model: weights, optimizer, epoch, generator.
     * The trainer's seed must be the checkpoint's (when it records one), or the shuffles would differ.
     */
    public void resumeFrom(Checkpoint ckpt, List<EpochStats> previousHistory) {
        if (!ckpt.meta().graphHash().equals(GraphHash.of(net.graph()))) {
            throw new TrainingException("checkpoint " + ckpt.file() + " was written by a different model than "
                    + net.graph().model() + " (its graph hash differs)");
        }
        if (ckpt.meta().seed().isPresent() && ckpt.meta().seed().getAsLong() != seed) {
            throw new TrainingException("checkpoint " + ckpt.file() + " was trained with seed "
                    + ckpt.meta().seed().getAsLong() + ", not " + seed + "; resume with the same seed");
        }
        ckpt.loadInto(net.parameters());
        ckpt.restoreOptimizer(optimizer);
        net.rng().setState(ckpt.meta().rngState());
        if (ckpt.meta().epoch() > config.epochs()) {
            throw new TrainingException("checkpoint " + ckpt.file() + " is from epoch " + ckpt.meta().epoch()
                    + ", but this run trains " + config.epochs() + " epochs; pass --epochs " + ckpt.meta().epoch()
                    + " or more to continue it");
        }
        epochsDone = ckpt.meta().epoch();
        bestScore = ckpt.meta().bestValAcc();
        history.clear();
        previousHistory.stream().filter(s -> s.epoch() <= epochsDone).map(this::upgraded).forEach(history::add);
        if (!previousHistory.isEmpty() && history.size() != epochsDone) {
            throw new TrainingException("checkpoint " + ckpt.file() + " is from epoch " + epochsDone + ", but the "
                    + RunFiles.HISTORY + " beside it has " + history.size() + " rows up to that epoch; the run "
                    + "directory is damaged");
        }
        bestEpoch = history.stream().filter(s -> score(s) == bestScore).mapToInt(EpochStats::epoch).findFirst()
                .orElse(epochsDone);
        Path bestFile = ckpt.file().resolveSibling(RunFiles.BEST);
        if (bestFile.toFile().isFile() && !bestFile.equals(ckpt.file())) {
            Checkpoint.read(bestFile).loadInto(bestParamsView());
            // the live parameters stay those of the resumed checkpoint
        } else {
            snapshotBest();
        }
    }

    /**
     * A row of a history.csv written before its val_loss column: a regression run recorded its validation loss
     * as val_acc.
     */
    private EpochStats upgraded(EpochStats s) {
        if (net.graph().isClassifier() || !Double.isNaN(s.valLoss())) {
            return s;
        }
        return new EpochStats(s.epoch(), s.loss(), s.trainAcc(), s.valAcc(), Double.NaN, s.lr(), s.seconds());
    }

    public TrainingResult train(DataSplits data, TrainingListener listener) {
        if (schedule instanceof PlateauSchedule p && (data.validation().isEmpty()
                || p.monitor().equals("valAcc") && !net.graph().isClassifier())) {
            throw new TrainingException("schedule = " + config.schedule().describe() + " watches the validation "
                    + (p.monitor().equals("valAcc") ? "accuracy" : "loss") + ", but "
                    + (data.validation().isEmpty() ? "this run has no validation set; give the data a validation "
                    + "split (validation = 5000, say)" : net.graph().model() + " is a regression model; use "
                    + "monitor = valLoss"));
        }
        Targets targets = net.graph().isClassifier()
                ? Targets.smoothedLabels(new int[config.batchSize()], config.labelSmoothing())
                : Targets.values(net.input(1).zerosLike(config.batchSize(), 1));
        BatchFeed feed;
        try {
            feed = new BatchFeed(data.train(), config.batchSize(), config.augment(), net.input(config.batchSize()),
                    targets, net.gemm(), feedMode.orElseGet(() -> feedMode(net.gemm().threads(),
                            Runtime.getRuntime().availableProcessors(), !config.augment().isEmpty())));
        } catch (IllegalArgumentException e) {
            throw new TrainingException("augment = " + config.augment().describe() + ": " + e.getMessage());
        }
        try (feed) {
            return train(data, listener, feed, targets);
        }
    }

    private TrainingResult train(DataSplits data, TrainingListener listener, BatchFeed feed, Targets targets) {
        long trainNanos = 0;
        long trainExamples = 0;
        boolean stoppedEarly = false;
        // A kernel that allocates in the steady state is 10-40x slow: say so and use one that does not.
        AllocationGuard guard = AllocationGuard.standard(net.gemm(), listener::message);
        if (runDir.isPresent() && epochsDone < config.epochs()) {
            deleteStaleResult(runDir.get().resolve(RunFiles.RESULT));
        }
        for (int epoch = epochsDone + 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            double meanLoss = trainEpoch(epoch, feed, targets, listener, guard);
            if (Double.isNaN(meanLoss)) { // stopped on request: the history ends at the last finished epoch
                trainNanos += System.nanoTime() - start;
                return new TrainingResult(history, bestScore, bestEpoch, Optional.empty(), trainNanos / 1e9,
                        0, true);
            }
            trainNanos += System.nanoTime() - start;
            trainExamples += data.train().count();
            EpochStats stats = evaluateEpoch(epoch, meanLoss, data, start);
            boolean improved = record(stats);
            // the rate the next epoch starts with: what the checkpoint saves and learningRate() reports at the end
            optimizer.setLearningRate(rate(epoch + 1, 0, feed.batchCount()));
            saveCheckpoints(improved);
            listener.epochDone(stats, improved);
            if (config.earlyStop().isPresent() && epoch - bestEpoch >= config.earlyStop().getAsInt()) {
                listener.message("early stop: no better validation score for " + config.earlyStop().getAsInt()
                        + " epochs (best " + fmt(bestScore) + " at epoch " + bestEpoch + ")");
                stoppedEarly = true;
                break;
            }
        }
        if (config.keepBest() && bestEpoch > 0 && bestEpoch != epochsDone) {
            restoreBest();
            listener.message("restored the weights of epoch " + bestEpoch + " (best validation " + fmt(bestScore) + ")");
        }
        return result(data, trainNanos / 1e9, trainExamples, stoppedEarly);
    }

    /**
     * The default for the batch feed. A thread of its own when the GEMM threads leave a core over. When they
     * take every core, augmented batches are augmented in the GEMM workers' idle time: a third thread on two
     * busy cores would take turns with the workers (an augmented batch costs about as much CPU as the MLP's
     * step, and a spinning worker held the core it needed: 2 threads, augmented MLP epochs 85% slower than
     * plain ones), while the workers have time to spare between the products a step splits. A plain batch is
     * a copy, done in the foreground (a feed thread made a plain epoch on 2 busy cores 46% slower).
     * docs/training.md, "Prepared ahead"; checked by {@code BatchFeedTest}.
     */
    static BatchFeed.Mode feedMode(int gemmThreads, int cores, boolean augmented) {
        if (gemmThreads < cores) {
            return BatchFeed.Mode.THREAD;
        }
        return augmented ? BatchFeed.Mode.IDLE : BatchFeed.Mode.FOREGROUND;
    }

    /** One pass over the training set in the epoch's seeded order, one step per batch; the mean loss (NaN: stopped). */
    private double trainEpoch(int epoch, BatchFeed batches, Targets targets, TrainingListener listener,
                              AllocationGuard guard) {
        int count = batches.batchCount();
        double lr = rate(epoch, 0, count);
        optimizer.setLearningRate(lr);
        // augmentation seeded by (seed, epoch, batch): a resumed run augments its batches as an uninterrupted one
        long epochSeed = mix(seed, epoch);
        batches.startEpoch(new Rng(epochSeed), b -> mix(epochSeed, b + 1));
        listener.epochStarted(epoch, config.epochs(), batches.batchCount());
        double lossSum = 0;
        long seen = 0;
        for (int b = 0; b < count; b++) {
            if (schedule.perBatch() && b > 0) {
                lr = rate(epoch, b, count);
                optimizer.setLearningRate(lr);
            }
            guard.stepStarted();
            dev.nnc.tensor.Tensor x = net.input(batches.batchLength(b));
            int n = batches.take(b, x, targets);
            net.forward(Mode.TRAIN);
            double loss = net.loss(targets) + net.l2Penalty(config.l2());
            if (!Double.isFinite(loss)) {
                throw diverged("in epoch " + epoch + ", batch " + (b + 1) + ": the loss is " + loss, lr);
            }
            if (Double.isNaN(firstLoss)) {
                firstLoss = loss;
            } else if (loss > DIVERGENCE_GROWTH * Math.max(firstLoss, 1.0)) {
                throw diverged("in epoch " + epoch + ", batch " + (b + 1) + ": the loss is " + fmt(loss)
                        + ", more than " + fmt(DIVERGENCE_GROWTH) + " times the first loss (" + fmt(firstLoss) + ")",
                        lr);
            }
            net.backward();
            net.addL2Gradient(config.l2());
            optimizer.step();
            guard.stepDone();
            lossSum += loss * n;
            seen += n;
            listener.batchDone(epoch, b + 1, count, lossSum / seen, seen, lr);
            CrashPoints.reachBatch(b + 1, epoch, stopRequested);
            if (stopRequested.getAsBoolean()) {
                return Double.NaN;
            }
        }
        lastRate = lr;
        return lossSum / seen;
    }

    /** Train accuracy on a fixed sample and the validation score after an epoch, as that epoch's stats. */
    private EpochStats evaluateEpoch(int epoch, double meanLoss, DataSplits data, long start) {
        double lr = lastRate;
        Evaluation.Score trainScore = Evaluation.of(net, data.train(), config.batchSize(), TRAIN_ACC_SAMPLES);
        if (!Double.isFinite(trainScore.loss())) {
            // the epoch's last step ruined the weights: they must not become the "last good" checkpoint
            throw diverged("in epoch " + epoch + ": after its last step the training loss is "
                    + trainScore.loss(), lr);
        }
        double valLoss = Double.NaN;
        double valAcc = Double.NaN;
        if (!data.validation().isEmpty()) {
            Evaluation.Score v = Evaluation.of(net, data.validation(), config.batchSize());
            valLoss = v.loss();
            valAcc = net.graph().isClassifier() ? v.accuracy() : Double.NaN;
        }
        return new EpochStats(epoch, meanLoss, trainScore.accuracy(), valLoss, valAcc, Schedules.recorded(lr),
                (System.nanoTime() - start) / 1e9);
    }

    /** Adds the epoch to the history and remembers its weights when it is the best so far. */
    private boolean record(EpochStats stats) {
        history.add(stats);
        epochsDone = stats.epoch();
        boolean improved = isBetter(score(stats));
        if (improved) {
            bestScore = score(stats);
            bestEpoch = stats.epoch();
            snapshotBest();
        }
        return improved;
    }

    private TrainingResult result(DataSplits data, double seconds, long trainExamples, boolean stoppedEarly) {
        Optional<Evaluation.Score> test = data.test().map(t -> Evaluation.of(net, t, config.batchSize()));
        return new TrainingResult(history, bestScore, bestEpoch, test, seconds,
                seconds > 0 ? trainExamples / seconds : 0, stoppedEarly);
    }

    /**
     * The schedule's rate for a step: computed from the step's place and the history each time, not by updating a
     * running rate, so a resumed run uses the very same doubles as an uninterrupted one.
     */
    private double rate(int epoch, int batch, int batches) {
        return schedule.rate(config.optimizer().lr(), epoch, batch, batches, history);
    }

    public List<EpochStats> history() {
        return List.copyOf(history);
    }

    private TrainingException diverged(String where, double lr) {
        Optional<Path> last = runDir.map(d -> d.resolve(RunFiles.LAST)).filter(f -> f.toFile().isFile());
        return new TrainingException("training diverged " + where + ". Lower the learning rate (it is " + fmt(lr)
                + "; try --set lr=" + fmt(lr / 10) + ")"
                + last.map(f -> "; the last good checkpoint is " + f).orElse(""));
    }

    /** Validation accuracy for classifiers (higher is better); minus validation loss for regression. */
    private double score(EpochStats s) {
        return net.graph().isClassifier() ? s.valAcc() : -s.valLoss();
    }

    private boolean isBetter(double score) {
        if (Double.isNaN(score)) {
            return bestEpoch == 0 || Double.isNaN(bestScore); // no validation set: the latest is the best
        }
        return Double.isNaN(bestScore) || score > bestScore;
    }

    private void saveCheckpoints(boolean improved) {
        if (runDir.isEmpty()) {
            return;
        }
        CheckpointMeta meta = new CheckpointMeta(net.graph().model(), GraphHash.of(net.graph()), preprocessingJson,
                epochsDone, net.rng().state(), bestScore, OptionalLong.of(seed), source, limit);
        int epoch = epochsDone;
        RunDirectory.commit(runDir.get(), epoch, folder -> {
            Checkpoint.save(folder.resolve(RunFiles.LAST), meta, net.parameters(), optimizer);
            CrashPoints.reach("last-written", epoch);
            if (improved) {
                Checkpoint.save(folder.resolve(RunFiles.BEST), meta, net.parameters(), optimizer);
                CrashPoints.reach("best-written", epoch);
            }
            HistoryCsv.write(folder.resolve(RunFiles.HISTORY), history);
            CrashPoints.reach("history-written", epoch);
            MetricsJsonl.write(folder.resolve(RunFiles.METRICS), history);
            CrashPoints.reach("metrics-written", epoch);
        });
    }

    /** A result.json of an earlier, shorter run would disagree with the epochs this run adds. */
    private static void deleteStaleResult(Path result) {
        try {
            java.nio.file.Files.deleteIfExists(result);
        } catch (java.io.IOException e) {
            throw dev.nnc.io.RunFileException.cannotWrite(result, e);
        }
    }

    private void snapshotBest() {
        List<Parameter> ps = net.parameters();
        for (int i = 0; i < ps.size(); i++) {
            best.get(i).copyFrom(ps.get(i).value());
        }
    }

    private void restoreBest() {
        List<Parameter> ps = net.parameters();
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).value().copyFrom(best.get(i));
        }
    }

    /** The best-weights buffers dressed as parameters, so a checkpoint can load into them. */
    private List<Parameter> bestParamsView() {
        List<Parameter> ps = net.parameters();
        List<Parameter> view = new ArrayList<>(ps.size());
        for (int i = 0; i < ps.size(); i++) {
            view.add(new Parameter(ps.get(i).spec(), best.get(i), null));
        }
        return view;
    }

    /** The seed of epoch {@code epoch}'s shuffle: independent of every other epoch's. */
    static long mix(long seed, int epoch) {
        Preconditions.checkArgument(epoch >= 1);
        return new Rng(seed ^ (0x9E3779B97F4A7C15L * epoch)).nextLong();
    }

    static String fmt(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
