package dev.nnc.api;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnc.data.LoadOptions;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.DiagnosticRenderer;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.TrainConfig;
import dev.nnc.io.AtomicFiles;
import dev.nnc.io.RunFileException;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.sweep.Dimension;
import dev.nnc.sweep.Journal;
import dev.nnc.sweep.Leaderboard;
import dev.nnc.sweep.Placement;
import dev.nnc.sweep.SweepSpec;
import dev.nnc.sweep.Trial;
import dev.nnc.sweep.TrialFailure;
import dev.nnc.sweep.TrialPruned;
import dev.nnc.sweep.TrialResult;
import dev.nnc.sweep.Trials;
import dev.nnc.train.EpochStats;
import dev.nnc.train.Evaluation;
import dev.nnc.train.RunFiles;
import dev.nnc.train.TrainingListener;
import dev.nnc.train.TrainingResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Hyperparameter sweeps (docs/sweep.md): plan a study from a model's {@code sweep { }} block, compiling
 * every trial before anything trains; run one trial on its own from (file, options, study seed, index), which
 * is all a distributed engine needs; or run the whole study here, P trials at once on T GEMM threads each.
 *
 * <pre>{@code
 * Sweep.Plan plan = Sweep.plan(Path.of("models/sweep_mlp.nn"), CompileOptions.defaults(), OptionalLong.empty());
 * if (!plan.ok()) { System.err.print(plan.render()); return; }
 * Sweep.Study s = Sweep.runLocal(plan, new Sweep.StudyOptions(Path.of("runs/study"), 1, 2,
 *         LoadOptions.limit(2000), false), Sweep.StudyListener.NONE);
 * }</pre>
 */
public final class Sweep {

    /** What {@code study.json} is called in a study directory. */
    public static final String STUDY_FILE = "study.json";
    /** The subdirectory holding one run directory per trial. */
    public static final String TRIALS_DIR = "trials";
    /** The winner's checkpoint and the command that retrains it. */
    public static final String BEST_DIR = "best";

    private Sweep() {
    }

    /**
     * A planned study: the sweep, the study seed, every trial with the errors its configuration compiles to.
     *
     * @param diagnostics the base compile's diagnostics, then those of the invalid trials
     */
    public record Plan(Path file, CompileOptions options, Optional<SweepSpec> spec, long studySeed, String model,
                       List<PlannedTrial> trials, List<Diagnostic> diagnostics, Map<String, SourceText> sources) {

        public Plan {
            trials = List.copyOf(trials);
            diagnostics = List.copyOf(diagnostics);
            sources = Map.copyOf(sources);
        }

        /** The file compiles, has a sweep block, and every trial's configuration compiles. */
        public boolean ok() {
            return spec.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
        }

        public String render() {
            DiagnosticRenderer r = new DiagnosticRenderer(sources);
            return diagnostics.stream().map(r::render).collect(Collectors.joining());
        }
    }

    /** A trial and the errors of compiling its configuration (none: it can train). */
    public record PlannedTrial(Trial trial, List<Diagnostic> errors) {

        public PlannedTrial {
            errors = List.copyOf(errors);
        }

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /**
     * Compiles {@code file} and every trial of its sweep block. Without a study seed the block's {@code seed}
     * is used, and without that one is drawn (and kept in the plan, hence in {@code study.json}).
     */
    public static Plan plan(Path file, CompileOptions options, OptionalLong studySeed) {
        CompileResult base = Nnc.compile(file, options);
        List<Diagnostic> diags = new ArrayList<>(base.diagnostics());
        if (!base.ok()) {
            return new Plan(file, options, Optional.empty(), 0, "", List.of(), diags, base.sources());
        }
        CompiledModel model = base.model().get();
        if (model.sweep().isEmpty()) {
            diags.add(Diagnostic.error("no-sweep", SourceSpan.ofFile(file.toString()), "model " + model.graph().model()
                    + " has no sweep block").withHint("add one: sweep { lr = loguniform(1e-4, 1e-1) ... } "
                    + "(docs/sweep.md)"));
            return new Plan(file, options, Optional.empty(), 0, model.graph().model(), List.of(), diags,
                    base.sources());
        }
        SweepSpec spec = model.sweep().get();
        for (Dimension d : spec.dimensions()) {
            if (options.overrides().containsKey(d.key())) {
                diags.add(Diagnostic.error("swept-key-set", d.keySpan(), "'" + d.key() + "' is swept, so --set "
                        + d.key() + " would be replaced in every trial").withHint("drop --set " + d.key()
                        + ", or remove '" + d.key() + "' from the sweep block"));
            }
        }
        if (diags.stream().anyMatch(Diagnostic::isError)) {
            return new Plan(file, options, Optional.empty(), 0, model.graph().model(), List.of(), diags,
                    base.sources());
        }
        long seed = studySeed.isPresent() ? studySeed.getAsLong()
                : spec.seed().orElseGet(() -> ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        List<PlannedTrial> planned = new ArrayList<>();
        Map<String, Boolean> alone = new java.util.HashMap<>();
        int maxEpochs = 0;
        for (Trial t : Trials.all(spec, seed)) {
            // The values that fail even on their own, compiled once each: the ones to point at.
            java.util.function.Supplier<List<Dimension>> culprits = () -> spec.dimensions().stream()
                    .filter(dim -> alone.computeIfAbsent(dim.key() + "=" + t.config().get(dim.key()),
                            k -> !Nnc.compile(file, options.with(dim.key(), t.config().get(dim.key()))).ok()))
                    .toList();
            CompileResult r = Nnc.compile(file, trialOptions(options, t));
            List<Diagnostic> errors = r.errors().stream().map(d -> locate(d, t, spec, culprits)).toList();
            planned.add(new PlannedTrial(t, errors));
            diags.addAll(errors);
            maxEpochs = Math.max(maxEpochs, r.model().map(m -> m.graph().train().epochs()).orElse(0));
        }
        if (spec.prune().isPresent() && maxEpochs > 0 && spec.prune().get().asha().decisions(maxEpochs) == 0) {
            SweepSpec.Prune p = spec.prune().get();
            diags.add(Diagnostic.warning("no-rung", p.span(), p.asha().describe() + " would never stop a trial: its "
                    + "first rung is epoch " + p.asha().grace() + ", and no trial trains longer than " + maxEpochs
                    + " epoch" + (maxEpochs == 1 ? "" : "s")).withHint("a trial is ranked at epochs grace, "
                    + "grace*factor, ... before its last epoch: lower grace, or train more epochs"));
        }
        return new Plan(file, options, Optional.of(spec), seed, model.graph().model(), planned, diags,
                base.sources());
    }

    /** The user's overrides, then the trial's values, then its training seed unless the sweep varies seed. */
    static CompileOptions trialOptions(CompileOptions options, Trial t) {
        CompileOptions o = options;
        for (Map.Entry<String, String> e : t.config().entrySet()) {
            o = o.with(e.getKey(), e.getValue());
        }
        return t.config().containsKey("seed") ? o : o.with("seed", Long.toString(t.seed()));
    }

    /**
     * An error in a trial's {@code --set key} is the sweep block's: reported at the value chosen, or the key. An
     * error elsewhere (a layer the value makes invalid) goes to the one value that fails on its own too, or to
     * the sweep block when it takes the combination; its own position is kept in the message.
     */
    private static Diagnostic locate(Diagnostic d, Trial t, SweepSpec spec,
                                     java.util.function.Supplier<List<Dimension>> culprits) {
        String label = "trial " + t.index() + " (" + t.describe() + "): ";
        for (Dimension dim : spec.dimensions()) {
            if (d.span().file().equals("--set " + dim.key())) {
                return new Diagnostic(d.severity(), d.code(), label + d.message(), valueSpan(dim, t), d.hint());
            }
        }
        List<Dimension> blamed = culprits.get();
        SourceSpan at = blamed.size() == 1 ? valueSpan(blamed.get(0), t) : spec.span();
        return new Diagnostic(d.severity(), d.code(), label + d.message() + " (at " + d.span() + ")", at, d.hint());
    }

    private static SourceSpan valueSpan(Dimension dim, Trial t) {
        if (dim instanceof Dimension.Choice c) {
            int i = c.values().indexOf(t.config().get(dim.key()));
            return i >= 0 ? c.valueSpans().get(i) : dim.keySpan();
        }
        return dim.keySpan();
    }

    /** Progress of one trial, for a front end's display. Called on the trial's thread. */
    public interface StudyListener {
        default void trialStarted(Trial t) {
        }

        default void epochDone(Trial t, EpochStats stats) {
        }

        default void trialFinished(TrialResult r) {
        }

        StudyListener NONE = new StudyListener() {
        };
    }

    /**
     * Trains trial {@code index} of the sweep in {@code file} into {@code runDir} (an ordinary run directory)
     * and scores it on the validation split. Depends on nothing but its arguments: any engine on any worker
     * gets the same result for the same arguments.
     *
     * @throws CompilationException              if the file or the trial does not compile
     * @throws dev.nnc.data.DataException        for a problem with the data
     * @throws dev.nnc.train.TrainingException   if training diverges
     */
    public static TrialResult runTrial(Path file, CompileOptions options, long studySeed, int index, Path runDir,
                                       LoadOptions load, OptionalInt threads, TrainingListener listener) {
        SweepSpec spec = Nnc.compile(file, options).orThrow().sweep().orElseThrow(
                () -> new CompilationException(file + " has no sweep block"));
        Trial t = Trials.trial(spec, studySeed, index);
        CompiledModel model = Nnc.compile(file, trialOptions(options, t)).orThrow();
        LayerGraph graph = model.graph();
        TrainConfig config = graph.train();
        Optional<String> untrainable = TrainingSession.cannotTrain(graph);
        if (untrainable.isPresent() || config.data().isEmpty()) {
            throw new CompilationException(untrainable.orElse("model " + graph.model() + " names no data"));
        }
        TrainingSession s = TrainingSession.open(graph, config, load, runDir, Optional.empty(), threads);
        TrainingResult r = s.train(listener);
        Evaluation.Score val = s.model().evaluate(s.data().validation());
        return new TrialResult(t, val.accuracy(), val.loss(), r.history().size(), r.trainSeconds(), Optional.empty());
    }

    /**
     * How to run a study here.
     *
     * @param parallel trials at once (P)
     * @param threads  GEMM threads per trial (T)
     * @param resume   continue the study in {@code dir}: trials its journal records as finished are not run again
     */
    public record StudyOptions(Path dir, int parallel, int threads, LoadOptions load, boolean resume) {
        public StudyOptions {
            if (parallel < 1 || threads < 1) {
                throw new IllegalArgumentException("parallel " + parallel + ", threads " + threads);
            }
        }
    }

    /** A study's outcome: every trial's result, best first; trials skipped on resume are included. */
    public record Study(Path dir, List<TrialResult> ranked, int ran, int skipped, Optional<String> bestCommand) {
        public Study {
            ranked = List.copyOf(ranked);
        }
    }

    /** The study seed a study directory's {@code study.json} records, to resume with. */
    public static OptionalLong studySeed(Path studyDir) {
        Path f = studyDir.resolve(STUDY_FILE);
        if (!Files.isRegularFile(f)) {
            return OptionalLong.empty();
        }
        try {
            JsonObject o = com.google.gson.JsonParser.parseString(Files.readString(f)).getAsJsonObject();
            return OptionalLong.of(o.get("studySeed").getAsLong());
        } catch (IOException e) {
            throw RunFileException.cannotRead(f, e);
        } catch (RuntimeException e) {
            throw new RunFileException(f, "is not a study file: " + e.getMessage());
        }
    }

    /**
     * How a study's trials train: here ({@link #runLocal}) or on a cluster (the Spark engine of nnc-spark). The
     * study's bookkeeping (journal, study file, leaderboard, {@code best/}) is {@link #runStudy}'s, the same for
     * every engine; a runner only trains. It is called on one of P threads, once per trial to run.
     */
    @FunctionalInterface
    public interface TrialRunner {
        /**
         * Trains {@code t} of {@code plan} into {@code runDir} (emptied beforehand) with {@code o.threads()} GEMM
         * threads, as {@link #runTrial} does, reporting each epoch to {@code listener} as it finishes (a remote
         * engine: as soon as it sees it), and says where it ran ({@link TrialResult#placement}). Throws for a trial
         * that fails, preferably a {@link TrialFailure} that says where; the message is journaled. When
         * {@code listener.epochDone} throws {@link TrialPruned}, stops the trial and rethrows it.
         */
        TrialResult run(Plan plan, Trial t, Path runDir, StudyOptions o, TrainingListener listener);
    }

    /** The local engine's runner: {@link #runTrial} on the calling thread, placed on this host's driver. */
    public static final TrialRunner IN_PROCESS = (plan, t, runDir, o, listener) -> {
        Placement here = Placement.here();
        try {
            return runTrial(plan.file(), plan.options(), plan.studySeed(), t.index(), runDir, o.load(),
                    OptionalInt.of(o.threads()), listener).at(here);
        } catch (TrialPruned e) {
            throw e;
        } catch (RuntimeException e) {
            throw new TrialFailure(e.getMessage() == null ? e.toString() : e.getMessage(), here, e);
        }
    };

    /**
     * Runs every valid trial of {@code plan} not already finished in the study directory, {@code parallel}
     * at a time, then writes the leaderboard and {@code best/}. A trial that throws is journaled as failed
     * and the study goes on.
     */
    public static Study runLocal(Plan plan, StudyOptions o, StudyListener listener) {
        return runStudy(plan, o, "local", IN_PROCESS, listener);
    }

    /**
     * {@link #runLocal} with another engine's {@code runner}: {@code o.parallel()} trials at once, each on its
     * own thread of this JVM calling {@code runner}; {@code engine} is recorded in {@code study.json}.
     */
    public static Study runStudy(Plan plan, StudyOptions o, String engine, TrialRunner runner,
                                 StudyListener listener) {
        if (!plan.ok()) {
            throw new CompilationException(plan.render());
        }
        SweepSpec spec = plan.spec().get();
        Path dir = o.dir();
        Map<Integer, TrialResult> done = o.resume() ? TrialResult.outcomes(Journal.read(dir)) : Map.of();
        if (o.resume()) {
            checkSameTrials(plan, done);
        } else if (Files.exists(dir.resolve(Journal.FILE))) {
            throw new RunFileException(dir, "already holds a study; resume it with --resume, or choose another "
                    + "--out");
        }
        writeStudyFile(plan, o, engine);
        List<Trial> todo = plan.trials().stream().map(PlannedTrial::trial)
                .filter(t -> !done.containsKey(t.index()) || !done.get(t.index()).done()).toList();
        StudyPruning pruning = spec.prune().map(p -> new StudyPruning(p.asha(), spec.metric())).orElse(null);
        if (pruning != null) {
            replayRungs(pruning, dir, done);
        }
        ExecutorService pool = Executors.newFixedThreadPool(o.parallel(), r -> {
            Thread th = new Thread(r, "nnc-trial");
            th.setDaemon(true);
            return th;
        });
        try (Journal journal = Journal.open(dir)) {
            List<Future<?>> futures = new ArrayList<>();
            for (Trial t : todo) {
                futures.add(pool.submit(() -> {
                    runOne(plan, o, runner, t, journal, listener, pruning);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the study in " + dir, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<TrialResult> ranked = TrialResult.ranked(TrialResult.outcomes(Journal.read(dir)).values(),
                spec.metric());
        Leaderboard.write(dir, spec.dimensions().stream().map(Dimension::key).toList(), ranked, spec.metric());
        Optional<String> best = writeBest(plan, dir, ranked);
        return new Study(dir, ranked, todo.size(), plan.trials().size() - todo.size(), best);
    }

    private static void runOne(Plan plan, StudyOptions o, TrialRunner runner, Trial t, Journal journal,
                               StudyListener listener, StudyPruning pruning) throws InterruptedException {
        Path runDir = o.dir().resolve(TRIALS_DIR).resolve(t.directoryName());
        long start = System.nanoTime();
        journal.started(t);
        listener.trialStarted(t);
        StudyPruning.TrialState asha = null;
        TrialResult result;
        try {
            if (pruning != null) {
                LayerGraph graph = Nnc.compile(plan.file(), trialOptions(plan.options(), t)).orThrow().graph();
                asha = pruning.start(t, journal, graph.train().epochs(), graph.train().keepBest(),
                        graph.isClassifier());
            }
            StudyPruning.TrialState rungs = asha;
            TrialResult trained = null;
            String why = null;
            Optional<Placement> failedAt = Optional.empty();
            try {
                deleteRun(runDir); // a trial a kill interrupted starts over: its seed makes the rerun the same
                trained = runner.run(plan, t, runDir, o, new TrainingListener() {
                    @Override
                    public void epochDone(EpochStats s, boolean improved) {
                        listener.epochDone(t, s);
                        if (rungs == null) {
                            journal.epoch(t.index(), s.epoch(), s.loss(), s.trainAcc(), s.valAcc());
                        } else {
                            rungs.epochDone(s); // throws TrialPruned
                        }
                    }
                });
            } catch (TrialPruned e) {
                // journaled below, from the decision
            } catch (RuntimeException | OutOfMemoryError e) {
                why = e.getMessage() == null ? e.toString() : e.getMessage();
                failedAt = e instanceof TrialFailure f ? Optional.ofNullable(f.placement()) : Optional.empty();
            }
            // a pending decision is made before the outcome is journaled: as if the trial had stopped at the rung
            Optional<StudyPruning.Pruned> pruned = asha == null ? Optional.empty() : asha.end();
            double seconds = (System.nanoTime() - start) / 1e9; // wall time, data loading included
            if (pruned.isPresent()) {
                StudyPruning.Pruned p = pruned.get();
                EpochStats at = p.scored();
                // no placement: a trial stopped by TrialPruned returns none, and a pruned line must not depend
                // on whether the trial finished before its decision
                journal.pruned(t, p.rung(), at.valAcc(), at.valLoss(), p.epochs(), seconds);
                result = new TrialResult(t, at.valAcc(), at.valLoss(), p.epochs(), seconds, Optional.empty(),
                        OptionalInt.of(p.rung()));
            } else if (trained != null) {
                journal.finished(t, trained.valAcc(), trained.valLoss(), trained.epochs(), seconds,
                        trained.placement());
                result = new TrialResult(t, trained.valAcc(), trained.valLoss(), trained.epochs(), seconds,
                        Optional.empty(), trained.placement());
            } else {
                why = why != null ? why : "stopped as pruned, but no rung decided so"; // a runner's TrialPruned
                journal.failed(t, why, seconds, failedAt);
                result = new TrialResult(t, Double.NaN, Double.NaN, 0, seconds, Optional.of(why), failedAt);
            }
        } catch (RuntimeException e) { // the trial's own compile, say: journaled as failed like training errors
            double seconds = (System.nanoTime() - start) / 1e9;
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            journal.failed(t, why, seconds);
            result = new TrialResult(t, Double.NaN, Double.NaN, 0, seconds, Optional.of(why));
        } finally {
            if (asha != null) {
                asha.ended();
            }
        }
        listener.trialFinished(result);
    }

    /** A resumed study's done trials tell ASHA their rungs, from their last run in the journal. */
    private static void replayRungs(StudyPruning pruning, Path dir, Map<Integer, TrialResult> done) {
        Map<Integer, List<Double>> rungs = new java.util.TreeMap<>();
        for (JsonObject e : Journal.read(dir)) {
            int i = e.get("trial").getAsInt();
            String kind = e.get("event").getAsString();
            if (kind.equals("started")) {
                rungs.put(i, new ArrayList<>());
            } else if (kind.equals("rung") && rungs.containsKey(i)) {
                rungs.get(i).add(e.get("metric").isJsonNull() ? Double.NaN : e.get("metric").getAsDouble());
            }
        }
        done.forEach((i, r) -> {
            if (r.done()) {
                pruning.replay(i, rungs.getOrDefault(i, List.of()));
            }
        });
    }

    /**
     * The winner retrained on train + validation ({@code --refit}), in {@code best/refit/}.
     *
     * @param epochs       the epochs it trained: those whose weights the study scored (below)
     * @param examples     the training examples: the trial's training and validation splits together
     * @param testAccuracy NaN without a test split
     */
    public record Refit(Trial trial, Path runDir, int epochs, int examples, double testAccuracy, double testLoss) {
    }

    /** Where {@link #refit} trains, below {@code best/}. */
    public static final String REFIT_DIR = "refit";

    /**
     * Retrains the study's winner (the best finished trial of the journal in {@code studyDir}) on its training
     * and validation examples together, with the same configuration and seed, into {@code best/refit/}
     * (replaced if there), and scores it on the test split. It trains as many epochs as gave the weights the
     * study scored: the epoch of its best validation score with {@code keepBest} (the default), else all the
     * epochs it trained. Without a validation split there is nothing left to pick an epoch with, so the best
     * epoch is the one to stop at; training on would fit the longer run the study saw as no better.
     *
     * @throws RunFileException                if the study has no finished trial
     * @throws dev.nnc.data.DataException      for a problem with the data
     * @throws dev.nnc.train.TrainingException if training diverges or needs a validation split
     */
    public static Refit refit(Plan plan, Path studyDir, LoadOptions load, OptionalInt threads,
                              TrainingListener listener) {
        if (!plan.ok()) {
            throw new CompilationException(plan.render());
        }
        SweepSpec spec = plan.spec().get();
        List<TrialResult> ranked = TrialResult.ranked(TrialResult.outcomes(Journal.read(studyDir)).values(),
                spec.metric());
        TrialResult winner = ranked.stream().filter(TrialResult::finished).findFirst().orElseThrow(
                () -> new RunFileException(studyDir, "has no finished trial to refit"));
        Trial t = winner.trial();
        CompiledModel model = Nnc.compile(plan.file(), trialOptions(plan.options(), t)).orThrow();
        TrainConfig config = model.graph().train();
        int epochs = winner.epochs();
        Path best = studyDir.resolve(TRIALS_DIR).resolve(t.directoryName()).resolve(RunFiles.BEST);
        if (config.keepBest() && Files.isRegularFile(best)) {
            epochs = Math.min(epochs, TrainingSession.resumePoint(best).epoch());
        }
        dev.nnc.graph.DataSpec data = config.data().orElseThrow(
                () -> new CompilationException("model " + plan.model() + " names no data"));
        Map<String, Object> args = new LinkedHashMap<>(data.args());
        args.put(dev.nnc.data.DataLoader.VALIDATION, 0); // the validation split joins the training examples
        TrainConfig merged = new TrainConfig(Optional.of(new dev.nnc.graph.DataSpec(data.kind(), args, data.baseDir(),
                data.confined())), config.optimizer(), epochs, config.batchSize(), config.lrDecay(), config.l2(),
                config.seed(), config.precision(), config.keepBest(), config.earlyStop(), config.augment(),
                config.schedule(), config.labelSmoothing());
        Path runDir = studyDir.resolve(BEST_DIR).resolve(REFIT_DIR);
        deleteRun(runDir);
        TrainingSession s = TrainingSession.open(model.graph(), merged, load, runDir, Optional.empty(), threads);
        TrainingResult r = s.train(listener);
        double acc = r.test().map(Evaluation.Score::accuracy).orElse(Double.NaN);
        double loss = r.test().map(Evaluation.Score::loss).orElse(Double.NaN);
        Refit refit = new Refit(t, runDir, epochs, s.data().train().count(), acc, loss);
        try {
            AtomicFiles.writeString(studyDir.resolve(BEST_DIR).resolve("refit.txt"), String.format(
                    java.util.Locale.ROOT, "trial %d (%s, seed %d) retrained on train + validation (%d examples) "
                            + "for %d epoch%s: %s%n", t.index(), t.describe(), t.seed(), refit.examples(), epochs,
                    epochs == 1 ? "" : "s", Double.isNaN(acc) ? "no test split" : String.format(java.util.Locale.ROOT,
                            "test accuracy %.4f, test loss %.4f", acc, loss)));
        } catch (IOException e) {
            throw RunFileException.cannotWrite(studyDir.resolve(BEST_DIR), e);
        }
        return refit;
    }

    /** A resumed study must be the same study: each journaled trial's configuration and seed as planned now. */
    private static void checkSameTrials(Plan plan, Map<Integer, TrialResult> done) {
        for (TrialResult r : done.values()) {
            int i = r.trial().index();
            if (i >= plan.trials().size() || !plan.trials().get(i).trial().equals(r.trial())) {
                throw new RunFileException(Path.of(Journal.FILE), "trial " + i + " of the journal ("
                        + r.trial().describe() + ", seed " + r.trial().seed() + ") is not trial " + i + " of this "
                        + "sweep: the model's sweep block, --set or the study seed changed since; start a new study");
            }
        }
    }

    private static void writeStudyFile(Plan plan, StudyOptions o, String engine) {
        SweepSpec spec = plan.spec().get();
        JsonObject s = new JsonObject();
        s.addProperty("nncVersion", RunDirectory.NNC_VERSION);
        s.addProperty("file", plan.file().toString());
        s.addProperty("model", plan.model());
        JsonObject sets = new JsonObject();
        plan.options().overrides().forEach(sets::addProperty);
        s.add("set", sets);
        s.addProperty("studySeed", plan.studySeed());
        s.addProperty("method", spec.method().word());
        s.addProperty("metric", spec.metric().word());
        s.addProperty("trials", spec.trials());
        JsonArray keys = new JsonArray();
        spec.dimensions().forEach(d -> keys.add(d.key()));
        s.add("keys", keys);
        s.addProperty("engine", engine);
        s.addProperty("parallel", o.parallel());
        s.addProperty("threads", o.threads());
        o.load().limit().ifPresent(n -> s.addProperty("limit", n));
        try {
            AtomicFiles.writeString(o.dir().resolve(STUDY_FILE),
                    new GsonBuilder().setPrettyPrinting().create().toJson(s) + "\n");
        } catch (IOException e) {
            throw RunFileException.cannotWrite(o.dir().resolve(STUDY_FILE), e);
        }
    }

    /** Copies the winner's checkpoint to {@code best/} with {@code command.txt}, the line that retrains it. */
    private static Optional<String> writeBest(Plan plan, Path dir, List<TrialResult> ranked) {
        if (ranked.isEmpty() || !ranked.get(0).finished()) { // pruned trials rank after finished ones
            return Optional.empty();
        }
        Trial t = ranked.get(0).trial();
        Path run = dir.resolve(TRIALS_DIR).resolve(t.directoryName());
        Path ckpt = Files.exists(run.resolve(RunFiles.BEST)) ? run.resolve(RunFiles.BEST) : run.resolve(RunFiles.LAST);
        StringBuilder cmd = new StringBuilder("nnc train ").append(shellWord(plan.file().toString()));
        plan.options().model().ifPresent(m -> cmd.append(" --model ").append(shellWord(m)));
        Map<String, String> sets = new LinkedHashMap<>(trialOptions(plan.options(), t).overrides());
        sets.forEach((k, v) -> cmd.append(" --set ").append(shellWord(k + "=" + v)));
        String line = cmd.toString();
        Path best = dir.resolve(BEST_DIR);
        try {
            Files.createDirectories(best);
            if (Files.exists(ckpt)) {
                AtomicFiles.write(best.resolve(RunFiles.BEST), Files.readAllBytes(ckpt));
            }
            AtomicFiles.writeString(best.resolve("command.txt"), line + "\n");
            AtomicFiles.writeString(best.resolve("trial.txt"), "trial " + t.index() + ": " + t.describe()
                    + ", seed " + t.seed() + "\n");
        } catch (IOException e) {
            throw RunFileException.cannotWrite(best, e);
        }
        return Optional.of(line);
    }

    /** {@code word} as one POSIX shell word: unquoted when safe, else in single quotes. */
    static String shellWord(String word) {
        return word.matches("[A-Za-z0-9_./=:@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    private static void deleteRun(Path runDir) {
        if (!Files.exists(runDir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(runDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw RunFileException.cannotWrite(runDir, e);
        }
    }
}
