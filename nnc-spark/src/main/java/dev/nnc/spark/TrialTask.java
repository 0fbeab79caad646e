package dev.nnc.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.nnc.api.CompileOptions;
import dev.nnc.api.Sweep;
import dev.nnc.data.LoadOptions;
import dev.nnc.sweep.Placement;
import dev.nnc.sweep.TrialResult;
import dev.nnc.train.EpochStats;
import dev.nnc.train.TrainingListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.function.Function;

/**
 * The Spark task of one trial: {@link Sweep#runTrial} from plain values only (paths as strings, the overrides,
 * the study seed), so the closure Spark ships holds no nnc object. The outcome goes back to the driver as a JSON
 * string (the epochs, the validation score, or the error, and where it ran: host, executor id, attempt), never as
 * a Java-serialized nnc type. The driver also follows the epochs live in the trial's {@code metrics.jsonl}.
 *
 * <p>A retry is safe: the trial's seed and run directory depend only on its index, and the task empties the
 * directory before training, so a retried task rewrites its own trial and nothing else. A trial that fails on its
 * own (a diverged run, a data error) is reported as a result rather than thrown, so Spark does not retry what
 * would fail again; only a lost executor or a crashed JVM makes Spark run the task once more.
 */
record TrialTask(String file, String model, Map<String, String> overrides, String projectRoot, boolean training,
                 long studySeed, String runDir, int limit, List<String> allowedPaths, int threads)
        implements Function<Integer, String> {

    private static final long serialVersionUID = 1L;

    static TrialTask of(Sweep.Plan plan, int index, Path runDir, Sweep.StudyOptions o) {
        CompileOptions c = plan.options();
        return new TrialTask(plan.file().toAbsolutePath().toString(), c.model().orElse(null),
                new LinkedHashMap<>(c.overrides()), c.projectRoot().map(p -> p.toAbsolutePath().toString())
                .orElse(null), c.training(), plan.studySeed(), runDir.toAbsolutePath().toString(),
                o.load().limit().orElse(-1), new ArrayList<>(o.load().allowedPaths().stream()
                .map(p -> p.toAbsolutePath().toString()).toList()), o.threads());
    }

    @Override
    public String call(Integer index) {
        JsonObject out = new JsonObject();
        JsonArray epochs = new JsonArray();
        out.add("epochs", epochs);
        SparkEnv env = SparkEnv.get();
        TaskContext task = TaskContext.get();
        out.addProperty("executor", env == null ? "driver" : env.executorId());
        out.addProperty("host", env == null ? Placement.here().host() : env.blockManager().blockManagerId().host());
        out.addProperty("attempt", task == null ? 0 : task.attemptNumber());
        try {
            Path dir = Path.of(runDir);
            deleteRun(dir);
            LoadOptions load = (limit < 0 ? LoadOptions.all() : LoadOptions.limit(limit))
                    .allowing(allowedPaths.stream().map(Path::of).toList());
            CompileOptions options = new CompileOptions(Optional.ofNullable(model), overrides,
                    Optional.ofNullable(projectRoot).map(Path::of), training);
            TrialResult r = Sweep.runTrial(Path.of(file), options, studySeed, index, dir, load,
                    OptionalInt.of(threads), new TrainingListener() {
                        @Override
                        public void batchDone(int epoch, int batch, int batches, double runningLoss, long examples) {
                            // a cancelled job (a pruned trial, a stopped study) stops its trial at the next step
                            if (task != null) {
                                task.killTaskIfInterrupted();
                            }
                        }

                        @Override
                        public void epochDone(EpochStats s, boolean improved) {
                            epochs.add(GSON.toJsonTree(s));
                        }
                    });
            out.addProperty("valAcc", r.valAcc());
            out.addProperty("valLoss", r.valLoss());
            out.addProperty("epochCount", r.epochs());
            out.addProperty("seconds", r.seconds());
        } catch (TaskKilledException e) {
            throw e; // Spark's own: the task was cancelled, not the trial failed
        } catch (RuntimeException | OutOfMemoryError e) {
            out.addProperty("error", e.getMessage() == null ? e.toString() : e.getMessage());
        }
        return GSON.toJson(out);
    }

    /** Doubles as Java writes them (shortest round trip), NaN and infinities included: bit for bit. */
    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private static void deleteRun(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + dir + " for a retried trial", e);
        }
    }
}
