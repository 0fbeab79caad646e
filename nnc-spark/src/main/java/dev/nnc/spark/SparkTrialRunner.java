package dev.nnc.spark;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnc.api.Sweep;
import dev.nnc.sweep.Placement;
import dev.nnc.sweep.Trial;
import dev.nnc.sweep.TrialFailure;
import dev.nnc.sweep.TrialPruned;
import dev.nnc.sweep.TrialResult;
import dev.nnc.train.EpochStats;
import dev.nnc.train.RunFiles;
import dev.nnc.train.TrainingListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs each trial as a Spark job of its own: a one-partition RDD of the trial's index mapped by a {@link TrialTask},
 * in the job group {@code nnc-trial-<index>} (so a trial can be cancelled alone). {@link Sweep#runStudy} calls
 * this on one driver thread per running trial, so P trials are P concurrent jobs and each result reaches the
 * driver, which journals it, as soon as its job ends. The task's cores come from {@code spark.task.cpus}.
 *
 * <p>While the job runs, the waiting thread follows the trial's {@code metrics.jsonl} (the run directory is on the
 * shared file system; the trainer replaces the file whole after each epoch) and reports each new epoch to the
 * listener as it appears, so the journal's epoch lines and pruning see epochs live. When the listener throws
 * {@link TrialPruned}, the trial's job group is cancelled (the task stops at its next training step) and the
 * exception goes on to the study.
 */
public final class SparkTrialRunner implements Sweep.TrialRunner {

    /** How often the driver looks at a running trial's metrics.jsonl. */
    private static final long POLL_MILLIS = 200;

    private final JavaSparkContext spark;

    public SparkTrialRunner(JavaSparkContext spark) {
        this.spark = spark;
    }

    /** The job group of trial {@code index}. */
    public static String jobGroup(int index) {
        return "nnc-trial-" + index;
    }

    @Override
    public TrialResult run(Sweep.Plan plan, Trial t, Path runDir, Sweep.StudyOptions o, TrainingListener listener) {
        String group = jobGroup(t.index());
        JavaFutureAction<List<String>> job;
        spark.setJobGroup(group, "trial " + t.index() + " of " + plan.model() + ": " + t.describe(), true);
        try {
            job = spark.parallelize(List.of(t.index()), 1).map(TrialTask.of(plan, t.index(), runDir, o))
                    .collectAsync();
        } finally {
            spark.clearJobGroup();
        }
        Path metrics = runDir.resolve(RunFiles.METRICS);
        int reported = 0; // epochs the listener has seen; a retried task rewrites the same epochs (same seed)
        String json;
        try {
            while (true) {
                try {
                    json = job.get(POLL_MILLIS, TimeUnit.MILLISECONDS).get(0);
                    break;
                } catch (TimeoutException e) {
                    reported = report(epochsIn(metrics), reported, listener);
                    if (spark.sc().isStopped()) {
                        throw new IllegalStateException("Spark stopped while trial " + t.index() + " was running "
                                + "(the master or the cluster manager ended the application; its log says why)");
                    }
                }
            }
            JsonObject r = JsonParser.parseString(json).getAsJsonObject();
            List<EpochStats> all = new ArrayList<>();
            for (JsonElement e : r.getAsJsonArray("epochs")) {
                all.add(TrialTask.GSON.fromJson(e, EpochStats.class));
            }
            report(all, reported, listener); // the epochs the last look did not see
            Placement at = new Placement(r.get("host").getAsString(), r.get("executor").getAsString(),
                    r.get("attempt").getAsInt());
            if (r.has("error")) {
                throw new TrialFailure(r.get("error").getAsString(), at, null);
            }
            return new TrialResult(t, r.get("valAcc").getAsDouble(), r.get("valLoss").getAsDouble(),
                    r.get("epochCount").getAsInt(), r.get("seconds").getAsDouble(), Optional.empty(), Optional.of(at));
        } catch (TrialPruned e) {
            spark.cancelJobGroup(group);
            throw e;
        } catch (InterruptedException e) {
            spark.cancelJobGroup(group);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trial " + t.index() + " was running", e);
        } catch (ExecutionException e) { // a failed job: Spark's retries used up, or the job cancelled
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("Spark job of trial " + t.index() + " failed: " + c.getMessage(), c);
        } catch (RuntimeException e) {
            if (!(e instanceof TrialFailure)) {
                spark.cancelJobGroup(group); // a listener or the driver failed: the task must not go on alone
            }
            throw e;
        }
    }

    /** Reports the epochs after the first {@code reported} ones; returns how many the listener has now seen. */
    private static int report(List<EpochStats> epochs, int reported, TrainingListener listener) {
        int n = reported;
        for (EpochStats s : epochs) {
            if (s.epoch() == n + 1) {
                listener.epochDone(s, false);
                n++;
            }
        }
        return n;
    }

    /** The epochs of a metrics.jsonl so far (none yet when it does not exist). */
    static List<EpochStats> epochsIn(Path metrics) {
        String text;
        try {
            text = Files.readString(metrics, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of(); // being replaced or emptied by a retry right now: the next look sees it
        }
        List<EpochStats> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject o;
            try {
                o = JsonParser.parseString(line).getAsJsonObject();
            } catch (RuntimeException e) {
                break; // the trainer replaces the file whole, so this is not nnc's: the job's result has the epochs
            }
            out.add(new EpochStats(o.get("epoch").getAsInt(), num(o, "loss"), num(o, "train_acc"), num(o, "val_loss"),
                    num(o, "val_acc"), num(o, "lr"), num(o, "seconds")));
        }
        return out;
    }

    private static double num(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
    }
}
