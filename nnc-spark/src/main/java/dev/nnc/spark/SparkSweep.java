package dev.nnc.spark;

import dev.nnc.api.Sweep;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A study on Spark: {@link Sweep#runStudy} with a {@link SparkTrialRunner}, so the driver writes the same study
 * directory (study.json with engine {@code spark}, trials.jsonl, leaderboard, best/) as the local engine, and P
 * ({@code o.parallel()}) trials run at once as P concurrent Spark jobs. The study directory, the model file and
 * its data must be at the same absolute paths on the driver and every executor (a shared file system).
 */
public final class SparkSweep {

    private SparkSweep() {
    }

    public static Sweep.Study run(JavaSparkContext spark, Sweep.Plan plan, Sweep.StudyOptions o,
                                  Sweep.StudyListener listener) {
        return Sweep.runStudy(plan, o, "spark", new SparkTrialRunner(spark), listener);
    }
}
