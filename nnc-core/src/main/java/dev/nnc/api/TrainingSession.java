package dev.nnc.api;

import dev.nnc.data.DataLoader;
import dev.nnc.data.DataSplits;
import dev.nnc.data.LoadOptions;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.TrainConfig;
import dev.nnc.io.RunFileException;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.simd.Simd;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.HistoryCsv;
import dev.nnc.train.RunFiles;
import dev.nnc.train.Trainer;
import dev.nnc.train.TrainingListener;
import dev.nnc.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.nnc.graph.ModelSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A training run that writes a run directory (docs/training.md): {@code last}/{@code best} checkpoints and
 * {@code history.csv} as it goes, optionally continuing the run that wrote a checkpoint. What {@code nnc train}
 * does, for any front end; the charts and {@code result.json} are the front end's to write from
 * {@link #train}'s result (the CLI's {@code RunReport}).
 *
 * <pre>{@code
 * TrainingSession s = TrainingSession.open(graph, graph.train(), LoadOptions.all(), Path.of("runs/mlp"),
 *         Optional.empty());
 * TrainingResult r = s.train(TrainingListener.NONE);
 * }</pre>
 */
public final class TrainingSession {

    private final Model model;
    private final DataSplits data;
    private final Path runDirectory;
    private final Trainer trainer;
    private final OptionalInt resumedAfter;
    private final OptionalInt limit;
    private final AtomicBoolean stop = new AtomicBoolean();

    private TrainingSession(Model model, DataSplits data, Path runDirectory, Trainer trainer, OptionalInt resumedAfter,
                            OptionalInt limit) {
        this.model = model;
        this.data = data;
        this.runDirectory = runDirectory;
        this.trainer = trainer;
        this.resumedAfter = resumedAfter;
        this.limit = limit;
        trainer.embedding(model.source(), limit).stoppingWhen(stop::get);
    }

    /**
     * What a run's checkpoint records that a resumed run must reuse: its seed, its {@code --limit}, the epochs it
     * finished, and the overrides it was compiled with (docs/training.md, "Resuming").
     *
     * @param seed      the seed of the run; empty in checkpoints that do not record it
     * @param limit     the run's {@code --limit}; empty when it used all training examples (or did not record it)
     * @param epoch     the epochs finished when the checkpoint was written
     * @param overrides the {@code --set} overrides of the run; empty for a checkpoint without embedded source,
     *                  which records neither overrides nor whether it had a limit
     */
    public record ResumePoint(OptionalLong seed, OptionalInt limit, int epoch, Optional<Map<String, String>> overrides) {
    }

    /**
     * Reads what {@link ResumePoint} describes from a checkpoint (after {@link #recover}).
     *
     * @throws dev.nnc.train.CheckpointException naming the file if it cannot be read
     */
    public static ResumePoint resumePoint(Path checkpoint) {
        var meta = Checkpoint.read(checkpoint).meta();
        return new ResumePoint(meta.seed(), meta.limit(), meta.epoch(), meta.source().map(s -> s.overrides()));
    }

    /**
     * The seed a checkpoint was trained with, which a resumed run must continue with (it decides every later
     * epoch's shuffle); empty for a checkpoint that does not record one.
     *
     * @throws dev.nnc.train.CheckpointException naming the file if it cannot be read
     */
    public static OptionalLong checkpointSeed(Path checkpoint) {
        return Checkpoint.read(checkpoint).meta().seed();
    }

    /**
     * Brings the run directory that holds {@code checkpoint} to a consistent state before anything reads it:
     * an epoch a killed process had committed is finished, one it had not is undone (docs/training.md, "Crash
     * consistency"). Call it before {@link #checkpointSeed} when resuming.
     */
    public static void recover(Path checkpoint) {
        dev.nnc.train.RunDirectory.recover(checkpoint.toAbsolutePath().getParent());
    }

    /**
     * Loads the data, creates the run directory and the model; with {@code resume}, the weights, optimizer
     * state, epoch, random state and history of the run that wrote that checkpoint ({@code history.csv} beside
     * it). When resuming, {@code config}'s seed should be {@link #checkpointSeed} of it.
     *
     * @throws dev.nnc.data.DataException        for any problem with the data
     * @throws dev.nnc.train.CheckpointException if {@code resume} cannot be read or does not fit
     * @throws RunFileException                  if the run directory cannot be created
     */
    public static TrainingSession open(LayerGraph graph, TrainConfig config, LoadOptions load, Path runDirectory,
                                       Optional<Path> resume) {
        return open(graph, config, load, runDirectory, resume, OptionalInt.empty());
    }

    /**
     * As {@link #open(LayerGraph, TrainConfig, LoadOptions, Path, Optional)}, with the matrix multiplies and
     * larger layers on {@code threads} threads of this session's own (default: {@link #defaultThreads()}).
     * Sessions in one JVM do not share them, so several can train at once with different thread counts.
     */
    public static TrainingSession open(LayerGraph graph, TrainConfig config, LoadOptions load, Path runDirectory,
                                       Optional<Path> resume, OptionalInt threads) {
        Checkpoint ckpt = resume.map(Checkpoint::read).orElse(null);
        DataSplits splits = DataLoader.load(config.data().orElseThrow(
                () -> new IllegalArgumentException("model " + graph.model() + " names no data")), load);
        Model model = threads.isPresent() ? Model.create(graph, config, threads.getAsInt())
                : Model.create(graph, config);
        boolean created = !Files.exists(runDirectory);
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw RunFileException.cannotCreateDirectory(runDirectory, e);
        }
        try {
            Trainer trainer = model.trainer(splits, Optional.of(runDirectory));
            if (ckpt != null) {
                Path history = resume.get().resolveSibling(RunFiles.HISTORY);
                trainer.resumeFrom(ckpt, Files.isRegularFile(history) ? HistoryCsv.read(history) : List.of());
            }
            return new TrainingSession(model, splits, runDirectory, trainer,
                    ckpt == null ? OptionalInt.empty() : OptionalInt.of(ckpt.meta().epoch()), load.limit());
        } catch (RuntimeException e) {
            if (created) { // a failed start leaves no empty run directory behind
                deleteIfEmpty(runDirectory);
            }
            throw e;
        }
    }

    /** Removes {@code dir} if it holds nothing; a failure to do so is not worth reporting over the real error. */
    static void deleteIfEmpty(Path dir) {
        try (var entries = Files.list(dir)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(dir);
            }
        } catch (IOException e) {
            // the directory stays; the error that brought us here is what the user needs to see
        }
    }

    /**
     * Makes the run's checkpoints carry the model's source and overrides, so that {@code nnc eval} and
     * {@code nnc predict} (or {@link Nnc#compileCheckpoint}) need no .nn file.
     */
    public TrainingSession embedSource(ModelSource source) {
        model.embedSource(source);
        trainer.embedding(Optional.of(source), limit);
        return this;
    }

    /**
     * Asks {@link #train} to stop after the batch it is on (from any thread: a signal handler's, say). The
     * unfinished epoch is dropped: the run directory keeps the {@code last} checkpoint of the last finished
     * epoch, from which {@code --resume} continues exactly; {@code train} returns that far, with
     * {@link TrainingResult#stoppedEarly()} and no test score.
     */
    public void stop() {
        stop.set(true);
    }

    /** Whether {@link #stop} was called. */
    public boolean stopRequested() {
        return stop.get();
    }

    /**
     * Why {@code graph} cannot be trained (a {@code step} activation, weights fixed in the file, nothing left
     * to train), naming each layer and its line; empty when it can.
     */
    public static Optional<String> cannotTrain(LayerGraph graph) {
        return dev.nnc.graph.Trainability.refusal(graph);
    }

    /** The thread count a session uses when none is given: the machine's cores, at most a few. */
    public static int defaultThreads() {
        return Gemm.defaultThreads();
    }

    /** This session's matrix-multiply kernel, its thread count and the element loops, e.g. for a run's log. */
    public Kernels kernels() {
        return new Kernels(model.gemmKernel(), model.threads(), Simd.name());
    }

    /** What runs the arithmetic: names as {@code nnc train} and {@code nnc bench} print them. */
    public record Kernels(String gemm, int threads, String elementLoops) {
    }

    /** Trains the remaining epochs, writing checkpoints and history into the run directory. */
    public TrainingResult train(TrainingListener listener) {
        try {
            TrainingResult result = trainer.train(data, listener);
            if (stop.get()) {
                deleteIfEmpty(runDirectory); // stopped in a fresh run's first epoch: nothing was written
            }
            return result;
        } catch (RuntimeException e) {
            deleteIfEmpty(runDirectory); // diverged in the first epoch, say: nothing was written
            throw e;
        }
    }

    public Model model() {
        return model;
    }

    public DataSplits data() {
        return data;
    }

    public Path runDirectory() {
        return runDirectory;
    }

    /** The epoch the resumed checkpoint was written after; empty for a fresh run. */
    public OptionalInt resumedAfterEpoch() {
        return resumedAfter;
    }
}
