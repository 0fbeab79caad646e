package dev.nnc.spark;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnc.api.Sweep;
import dev.nnc.sweep.Trial;
import dev.nnc.sweep.TrialResult;
import dev.nnc.train.EpochStats;
import dev.nnc.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs each trial as a Spark job of its own: a one-partition RDD of the trial's index mapped by a {@link TrialTask},
 * in the job group {@code nnc-trial-<index>} (so a trial can be cancelled alone). {@link Sweep#runStudy} calls
 * this on one driver thread per running trial, so P trials are P concurrent jobs and each result reaches the
 * driver, which journals it, as soon as its job ends. The task's cores come from {@code spark.task.cpus}.
 */
public final class SparkTrialRunner implements Sweep.TrialRunner {

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
        String json;
        spark.setJobGroup(jobGroup(t.index()), "trial " + t.index() + " of " + plan.model() + ": " + t.describe(),
                true);
        try {
            json = spark.parallelize(List.of(t.index()), 1).map(TrialTask.of(plan, t.index(), runDir, o))
                    .collect().get(0);
        } catch (Exception e) { // Scala throws SparkException (checked) undeclared: a failed job, retries used up
            throw new IllegalStateException("Spark job of trial " + t.index() + " failed: " + e.getMessage(), e);
        } finally {
            spark.clearJobGroup();
        }
        JsonObject r = JsonParser.parseString(json).getAsJsonObject();
        for (JsonElement e : r.getAsJsonArray("epochs")) {
            listener.epochDone(TrialTask.GSON.fromJson(e, EpochStats.class), false);
        }
        if (r.has("error")) {
            throw new IllegalStateException(r.get("error").getAsString());
        }
        return new TrialResult(t, r.get("valAcc").getAsDouble(), r.get("valLoss").getAsDouble(),
                r.get("epochCount").getAsInt(), r.get("seconds").getAsDouble(), Optional.empty());
    }
}
