package dev.nnc.cli;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.CompileResult;
import dev.nnc.api.Sweep;
import dev.nnc.data.LoadOptions;
import dev.nnc.io.RunFileException;
import dev.nnc.sweep.SweepSpec;
import dev.nnc.sweep.Trial;
import dev.nnc.sweep.TrialResult;
import dev.nnc.train.EpochStats;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code nnc sweep FILE}: runs the hyperparameter search of a model's sweep { } block (docs/sweep.md). */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run the hyperparameter search of a model's sweep { } block: compile every trial, then "
                + "train them on this machine, P at a time on T threads each, or on a Spark cluster (--engine spark: "
                + "runs spark-submit, found at $SPARK_HOME/bin/spark-submit or on PATH, with nnc-spark.jar).",
                "Writes a study directory: study.json, trials.jsonl, trials/trial-NNN/ (one run directory per "
                        + "trial), leaderboard.csv, leaderboard.md and best/."})
final class SweepCommand implements Callable<Integer> {

    /** Trial rows the live table shows at most; leaderboard.md has every trial. */
    private static final int LIVE_ROWS = 20;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions input;

    @Option(names = "--dry-run", description = "List the trials and their configurations, marking invalid ones, "
            + "and train nothing.")
    boolean dryRun;

    @Option(names = "--limit", paramLabel = "N", description = "Train each trial on the first N training examples only.")
    Integer limit;

    @Option(names = "--out", paramLabel = "DIR", description = "Study directory. Default: runs/<Model>-sweep-<timestamp>/.")
    Path out;

    @Option(names = "--parallel", paramLabel = "P", description = "Trials trained at once. Default: 1.")
    Integer parallel;

    @Option(names = "--threads", paramLabel = "T",
            description = "GEMM threads per trial; P x T may not exceed the processors. Default: processors / P.")
    Integer threads;

    @Option(names = "--resume", paramLabel = "DIR", description = "Continue the study in DIR: trials its journal "
            + "records as finished are not run again; failed and interrupted ones are.")
    Path resume;

    @Option(names = "--engine", paramLabel = "local|spark", description = "Where trials train: local (this "
            + "machine, default) or spark (a Spark cluster through spark-submit; docs/sweep.md).")
    String engine = "local";

    @Option(names = "--master", paramLabel = "URL", description = "With --engine spark: the Spark master "
            + "(spark://host:7077, yarn, k8s://..., local[4]). Default: spark-submit's (spark-defaults.conf).")
    String master;

    @Option(names = "--executor-timeout", paramLabel = "SECONDS", description = "With --engine spark: fail when "
            + "no executor has run a task within SECONDS of starting. Default: 120.")
    Integer executorTimeout;

    @Option(names = "--refit", description = "After the study, retrain the winner on its training and validation "
            + "examples together (same configuration and seed, the epochs up to its best validation score) into "
            + "best/refit/, and print its test accuracy.")
    boolean refit;

    @Option(names = "--allow-path", paramLabel = "DIR",
            description = "Let the model file's data paths name files below DIR too (repeatable; docs/security.md).")
    List<Path> allowPaths = new java.util.ArrayList<>();

    /** The environment (SPARK_HOME, PATH, NNC_SPARK_JAR); Main.run sets the one it was given. */
    Map<String, String> env = System.getenv();

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionChecks.atLeastOne(spec, "--limit", limit);
        OptionChecks.atLeastOne(spec, "--parallel", parallel);
        OptionChecks.atLeastOne(spec, "--threads", threads);
        OptionChecks.atLeastOne(spec, "--executor-timeout", executorTimeout);
        OptionChecks.oneOf(spec, "--engine", engine, "local", "spark");
        boolean spark = engine.equals("spark");
        if (!spark && (master != null || executorTimeout != null)) {
            throw new ParameterException(spec.commandLine(), (master != null ? "--master" : "--executor-timeout")
                    + " is for --engine spark only");
        }
        if (spark && !dryRun) {
            if (refit) {
                throw new ParameterException(spec.commandLine(), "--refit trains on this machine, not on the cluster: "
                        + "after the Spark study, run nnc sweep FILE --resume DIR --refit");
            }
            if (resume != null && out != null && !resume.equals(out)) {
                throw new ParameterException(spec.commandLine(), "--resume " + resume + " and --out " + out
                        + " name different study directories; give one");
            }
            // compiled here first: the diagnostics in the --diagnostics format, and a broken file never reaches
            // the cluster (the driver compiles it again, silently)
            Sweep.Plan checked = Sweep.plan(input.file, new CompileOptions(Optional.ofNullable(input.model),
                    input.overrides()), OptionalLong.empty());
            input.diagnostics.print(new CompileResult(Optional.empty(), checked.diagnostics(), checked.sources()),
                    err);
            if (!checked.ok()) {
                return ExitCodes.FAILED;
            }
            return SubmitToSpark.run(this, stdout, err);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int p = parallel == null ? 1 : parallel;
        int t = threads == null ? Math.max(1, cores / p) : threads;
        if ((long) p * t > cores) {
            throw new ParameterException(spec.commandLine(), "--parallel " + p + " x --threads " + t + " = " + p * t
                    + " threads, but this machine has " + cores + " processors; lower one of them");
        }
        if (resume != null && out != null && !resume.equals(out)) {
            throw new ParameterException(spec.commandLine(), "--resume " + resume + " and --out " + out
                    + " name different study directories; give one");
        }
        OptionalLong seed = OptionalLong.empty();
        if (resume != null) {
            if (!Files.isDirectory(resume)) {
                throw new ParameterException(spec.commandLine(), "--resume " + resume + ": no such study directory");
            }
            try {
                seed = Sweep.studySeed(resume);
            } catch (RunFileException e) {
                err.println("nnc: " + e.getMessage());
                return ExitCodes.FAILED;
            }
            if (seed.isEmpty()) {
                err.println("nnc: " + resume + " has no " + Sweep.STUDY_FILE + "; it is not a study directory");
                return ExitCodes.FAILED;
            }
        }
        Sweep.Plan plan = Sweep.plan(input.file, new CompileOptions(Optional.ofNullable(input.model),
                input.overrides()), seed);
        if (dryRun) {
            input.diagnostics.print(new CompileResult(Optional.empty(), plan.diagnostics(), plan.sources()), err);
            return plan.spec().isEmpty() ? ExitCodes.FAILED : listTrials(plan, stdout);
        }
        input.diagnostics.print(new CompileResult(Optional.empty(), plan.diagnostics(), plan.sources()), err);
        if (!plan.ok()) {
            return ExitCodes.FAILED;
        }
        Path dir = resume != null ? resume : out != null ? out : Path.of("runs", plan.model() + "-sweep-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        SweepSpec s = plan.spec().get();
        stdout.printf(Locale.ROOT, "sweep of %s: %s, %d trials by %s, study seed %d; %d at once on %d thread%s "
                        + "each; study directory %s%n", plan.model(), s.method().word(), s.trials(), s.metric().word(),
                plan.studySeed(), p, t, t == 1 ? "" : "s", dir);
        stdout.flush();
        LoadOptions load = (limit == null ? LoadOptions.all() : LoadOptions.limit(limit)).allowing(allowPaths);
        List<String> keys = s.dimensions().stream().map(dev.nnc.sweep.Dimension::key).toList();
        // a terminal gets the live table, as nnc train its progress bar; a pipe or a log one line per event
        boolean live = System.console() != null;
        Sweep.StudyListener display = live
                ? new SweepTable.Live(stdout, keys, s.metric(), s.trials(), LIVE_ROWS) : new Lines(stdout, s.trials());
        return UserErrors.reported(err, () -> {
            Sweep.Study study = Sweep.runLocal(plan, new Sweep.StudyOptions(dir, p, t, load, resume != null),
                    display);
            if (study.skipped() > 0) {
                stdout.printf(Locale.ROOT, "%d trial%s already finished (or pruned) in %s were not run again%n",
                        study.skipped(), study.skipped() == 1 ? "" : "s", dir);
            }
            printTop(study, s, stdout, !live);
            long failed = study.ranked().stream().filter(TrialResult::failed).count();
            if (failed == study.ranked().size()) {
                return ExitCodes.FAILED;
            }
            if (refit) {
                stdout.println("refit: retraining the winner on train + validation");
                stdout.flush();
                Sweep.Refit r = Sweep.refit(plan, dir, load, OptionalInt.of(t), dev.nnc.train.TrainingListener.NONE);
                stdout.printf(Locale.ROOT, "refit of trial %d on %d examples for %d epoch%s: %s; checkpoint %s%n",
                        r.trial().index(), r.examples(), r.epochs(), r.epochs() == 1 ? "" : "s",
                        Double.isNaN(r.testAccuracy()) ? "no test split to score it on" : String.format(Locale.ROOT,
                                "test accuracy %.4f, test loss %.4f", r.testAccuracy(), r.testLoss()),
                        r.runDir().resolve("best.safetensors"));
                stdout.flush();
            }
            return ExitCodes.OK;
        });
    }

    private static int listTrials(Sweep.Plan plan, PrintWriter stdout) {
        SweepSpec s = plan.spec().get();
        stdout.printf(Locale.ROOT, "sweep of %s: %s, %d trials by %s, study seed %d%n", plan.model(),
                s.method().word(), s.trials(), s.metric().word(), plan.studySeed());
        int invalid = 0;
        for (Sweep.PlannedTrial pt : plan.trials()) {
            Trial t = pt.trial();
            stdout.printf(Locale.ROOT, "  trial %3d  %-8s %s  seed %d%n", t.index(), pt.valid() ? "ok" : "INVALID",
                    t.describe(), t.seed());
            invalid += pt.valid() ? 0 : 1;
        }
        stdout.printf(Locale.ROOT, "%d of %d trials compile%s%n", plan.trials().size() - invalid, plan.trials().size(),
                invalid == 0 ? "" : "; the errors above say why the others do not");
        return plan.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** The ranking (unless the live table shows it already), where the leaderboard is, the winner's line. */
    private static void printTop(Sweep.Study study, SweepSpec s, PrintWriter out, boolean table) {
        if (table) {
            printRanking(study, out);
        }
        out.println("leaderboard: " + study.dir().resolve("leaderboard.md"));
        study.bestCommand().ifPresent(c -> out.println("best by " + s.metric().word() + ", retrain with: " + c));
        out.flush();
    }

    private static void printRanking(Sweep.Study study, PrintWriter out) {
        out.printf(Locale.ROOT, "%nrank  trial  %-8s  %-8s  configuration%n", "valAcc", "valLoss");
        int rank = 0;
        for (TrialResult r : study.ranked()) {
            out.printf(Locale.ROOT, "%4s  %5d  %-8s  %-8s  %s%s%n", r.failed() ? "-" : Integer.toString(++rank),
                    r.trial().index(), num(r.valAcc()), num(r.valLoss()), r.trial().describe(),
                    r.failed() ? "  (failed: " + r.error().get() + ")" : r.pruned() ? "  (pruned at epoch "
                            + r.epochs() + ")" : "");
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** One plain line per trial event: readable in a terminal, a log file or CI alike. */
    private record Lines(PrintWriter out, int trials) implements Sweep.StudyListener {

        @Override
        public void trialStarted(Trial t) {
            print(String.format(Locale.ROOT, "trial %d/%d started: %s", t.index(), trials, t.describe()));
        }

        @Override
        public void epochDone(Trial t, EpochStats s) {
            print(String.format(Locale.ROOT, "trial %d epoch %d: loss %.4f, valAcc %.4f (%.1fs)", t.index(), s.epoch(),
                    s.loss(), s.valAcc(), s.seconds()));
        }

        @Override
        public void trialFinished(TrialResult r) {
            print(switch (r.status()) {
                case FINISHED -> String.format(Locale.ROOT, "trial %d finished: valAcc %s, valLoss %s in %.1fs",
                        r.trial().index(), num(r.valAcc()), num(r.valLoss()), r.seconds());
                case PRUNED -> String.format(Locale.ROOT, "trial %d pruned at rung %d (epoch %d): valAcc %s, valLoss "
                        + "%s in %.1fs", r.trial().index(), r.prunedAt().getAsInt(), r.epochs(), num(r.valAcc()),
                        num(r.valLoss()), r.seconds());
                case FAILED -> "trial " + r.trial().index() + " failed: " + r.error().get();
            });
        }

        private void print(String line) {
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }
    }
}
