package dev.nnc.spark;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.Sweep;
import dev.nnc.data.LoadOptions;
import dev.nnc.io.RunFileException;
import dev.nnc.sweep.SweepSpec;
import dev.nnc.sweep.TrialResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The driver program for spark-submit (docs/sweep.md, "Running on Spark"):
 *
 * <pre>
 * spark-submit --class dev.nnc.spark.SweepMain nnc-spark/target/nnc-spark.jar sweep model.nn [--limit N]
 *     [--out DIR] [--parallel P] [--threads T] [--resume DIR] [--set KEY=VALUE]... [--model NAME] [--master URL]
 *     [--allow-path DIR]... [--executor-timeout SECONDS]
 * </pre>
 *
 * <p>Exit codes as nnc's: 0 done, 1 a compile error or every trial failed, 2 a usage error.
 */
public final class SweepMain {

    static final String USAGE = "usage: spark-submit --class dev.nnc.spark.SweepMain nnc-spark.jar sweep FILE "
            + "[--limit N] [--out DIR] [--parallel P] [--threads T] [--resume DIR] [--set KEY=VALUE]... "
            + "[--model NAME] [--master URL] [--allow-path DIR]... [--executor-timeout SECONDS] "
            + "[--diagnostics text|none]";

    /** How long a study waits for its first executor by default. */
    static final int EXECUTOR_TIMEOUT_SECONDS = 120;

    private SweepMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The parsed command line. */
    record Args(Path file, OptionalInt limit, Optional<Path> out, int parallel, int threads, Optional<Path> resume,
                Map<String, String> sets, Optional<String> model, Optional<String> master, List<Path> allowPaths,
                int executorTimeout, boolean printDiagnostics) {
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    static Args parse(String[] args) {
        if (args.length == 0 || !args[0].equals("sweep")) {
            throw new UsageException("the first argument must be the command, sweep");
        }
        Path file = null;
        Integer limit = null;
        Path out = null;
        Path resume = null;
        int parallel = 1;
        int threads = 1;
        String model = null;
        String master = null;
        int executorTimeout = EXECUTOR_TIMEOUT_SECONDS;
        boolean printDiagnostics = true;
        List<Path> allow = new ArrayList<>();
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                if (file != null) {
                    throw new UsageException("one model file only, not " + file + " and " + a);
                }
                file = Path.of(a);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--limit" -> limit = positive(a, v);
                case "--out" -> out = Path.of(v);
                case "--resume" -> resume = Path.of(v);
                case "--parallel" -> parallel = positive(a, v);
                case "--threads" -> threads = positive(a, v);
                case "--model" -> model = v;
                case "--master" -> master = v;
                case "--allow-path" -> allow.add(Path.of(v));
                case "--executor-timeout" -> executorTimeout = positive(a, v);
                case "--diagnostics" -> { // none: nnc sweep has printed them already, in the format asked for
                    if (!v.equals("text") && !v.equals("none")) {
                        throw new UsageException("--diagnostics must be text or none, not '" + v + "'");
                    }
                    printDiagnostics = v.equals("text");
                }
                case "--set" -> {
                    int eq = v.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--set " + v + ": expected KEY=VALUE");
                    }
                    sets.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new UsageException("unknown option " + a);
            }
        }
        if (file == null) {
            throw new UsageException("no model file");
        }
        if (resume != null && out != null && !resume.equals(out)) {
            throw new UsageException("--resume " + resume + " and --out " + out + " name different study "
                    + "directories; give one");
        }
        return new Args(file, limit == null ? OptionalInt.empty() : OptionalInt.of(limit), Optional.ofNullable(out),
                parallel, threads, Optional.ofNullable(resume), sets, Optional.ofNullable(model),
                Optional.ofNullable(master), allow, executorTimeout, printDiagnostics);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " " + value + ": expected a whole number of at least 1");
    }

    /**
     * The Spark settings of a study: the application name, {@code spark.task.cpus} = T unless the submit line set
     * it, and the master when {@code --master} is given (spark-submit's own {@code --master} otherwise).
     */
    static SparkConf conf(Args a, String model) {
        SparkConf conf = new SparkConf().setAppName("nnc sweep " + model)
                .setIfMissing("spark.task.cpus", Integer.toString(a.threads()));
        a.master().ifPresent(conf::setMaster);
        return conf;
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Args a;
        try {
            a = parse(argv);
        } catch (UsageException e) {
            err.println("nnc-spark: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        OptionalLong seed = OptionalLong.empty();
        if (a.resume().isPresent()) {
            try {
                seed = Sweep.studySeed(a.resume().get());
            } catch (RunFileException e) {
                err.println("nnc-spark: " + e.getMessage());
                return 1;
            }
            if (seed.isEmpty()) {
                err.println("nnc-spark: " + a.resume().get() + " has no " + Sweep.STUDY_FILE
                        + "; it is not a study directory");
                return 1;
            }
        }
        Sweep.Plan plan = Sweep.plan(a.file(), new CompileOptions(a.model(), a.sets()), seed);
        if (a.printDiagnostics()) {
            err.print(plan.render());
        }
        if (!plan.ok()) {
            return 1;
        }
        Path dir = a.resume().or(a::out).orElse(Path.of("runs", plan.model() + "-sweep-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))).toAbsolutePath();
        SweepSpec s = plan.spec().get();
        out.printf(Locale.ROOT, "sweep of %s on Spark: %s, %d trials by %s, study seed %d; %d at once on %d "
                + "thread%s each; study directory %s%n", plan.model(), s.method().word(), s.trials(),
                s.metric().word(), plan.studySeed(), a.parallel(), a.threads(), a.threads() == 1 ? "" : "s", dir);
        LoadOptions load = (a.limit().isPresent() ? LoadOptions.limit(a.limit().getAsInt()) : LoadOptions.all())
                .allowing(a.allowPaths());
        Sweep.StudyOptions o = new Sweep.StudyOptions(dir, a.parallel(), a.threads(), load, a.resume().isPresent());
        try (JavaSparkContext spark = new JavaSparkContext(conf(a, plan.model()))) {
            SparkSweep.awaitExecutor(spark, Duration.ofSeconds(a.executorTimeout()));
            Sweep.Study study = SparkSweep.run(spark, plan, o, new Sweep.StudyListener() {
                @Override
                public void trialFinished(TrialResult r) {
                    out.println(switch (r.status()) {
                        case FINISHED -> String.format(Locale.ROOT, "trial %d finished: %s %.4f (%s)",
                                r.trial().index(), s.metric().word(), r.metric(s.metric()), r.trial().describe());
                        case PRUNED -> String.format(Locale.ROOT, "trial %d pruned at rung %d (epoch %d): %s %.4f "
                                + "(%s)", r.trial().index(), r.prunedAt().getAsInt(), r.epochs(), s.metric().word(),
                                r.metric(s.metric()), r.trial().describe());
                        case FAILED -> "trial " + r.trial().index() + " failed: " + r.error().get();
                    });
                }
            });
            out.println("leaderboard: " + dir.resolve("leaderboard.md"));
            study.bestCommand().ifPresent(c -> out.println("best by " + s.metric().word() + ", retrain with: " + c));
            long failed = study.ranked().stream().filter(TrialResult::failed).count();
            return failed == study.ranked().size() ? 1 : 0;
        } catch (RuntimeException e) {
            err.println("nnc-spark: " + e.getMessage());
            return 1;
        }
    }
}
