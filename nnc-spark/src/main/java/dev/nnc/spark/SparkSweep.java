package dev.nnc.spark;

import dev.nnc.api.Sweep;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * A study on Spark: {@link Sweep#runStudy} with a {@link SparkTrialRunner}, so the driver writes the same study
 * directory (study.json with engine {@code spark}, trials.jsonl, leaderboard, best/) as the local engine, and P
 * ({@code o.parallel()}) trials run at once as P concurrent Spark jobs. The study directory, the model file and
 * its data must be at the same absolute paths on the driver and every executor (a shared file system).
 */
public final class SparkSweep {

    /** The job group of the probe {@link #awaitExecutor} runs. */
    static final String PROBE_GROUP = "nnc-executor-probe";

    private SparkSweep() {
    }

    public static Sweep.Study run(JavaSparkContext spark, Sweep.Plan plan, Sweep.StudyOptions o,
                                  Sweep.StudyListener listener) {
        return Sweep.runStudy(plan, o, "spark", new SparkTrialRunner(spark), listener);
    }

    /**
     * Waits until an executor has run a task with the cores a trial asks for ({@code spark.task.cpus}): a
     * one-task job, cancelled after {@code timeout}. Spark itself waits forever for resources (a master without
     * workers, or workers with fewer free cores than a task needs), which would leave a study hanging silently.
     *
     * @return the id of the executor that ran the probe
     * @throws IllegalStateException naming the master and what to check when no executor ran it in time
     */
    public static String awaitExecutor(JavaSparkContext spark, Duration timeout) {
        JavaFutureAction<List<String>> probe;
        spark.setJobGroup(PROBE_GROUP, "nnc: waiting for an executor", true);
        try {
            probe = spark.parallelize(List.of(0), 1).map(new Probe()).collectAsync();
        } finally {
            spark.clearJobGroup();
        }
        try {
            return probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(0);
        } catch (TimeoutException e) {
            spark.cancelJobGroup(PROBE_GROUP);
            throw new IllegalStateException("no executor ran a task within " + timeout.toSeconds() + " s on "
                    + spark.master() + ": check that the master has live workers with at least "
                    + spark.getConf().get("spark.task.cpus", "1") + " free core(s) each (spark.task.cpus, set by "
                    + "--threads) and the memory spark.executor.memory asks for, and that the workers can reach "
                    + "this driver at " + spark.getConf().get("spark.driver.host", "its host name")
                    + "; --executor-timeout SECONDS waits longer");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("the first task on " + spark.master() + " failed: " + c.getMessage(), c);
        } catch (InterruptedException e) {
            spark.cancelJobGroup(PROBE_GROUP);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an executor on " + spark.master(), e);
        }
    }

    /** The executor id of the JVM it runs in. */
    private record Probe() implements Function<Integer, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String call(Integer ignored) {
            SparkEnv env = SparkEnv.get();
            return env == null ? "driver" : env.executorId();
        }
    }
}
