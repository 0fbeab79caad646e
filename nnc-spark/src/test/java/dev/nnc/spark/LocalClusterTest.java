package dev.nnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.Sweep;
import dev.nnc.data.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster in one test: local-cluster[2,1,1024] (a master, two workers, two executor JVMs), P = 2. Which
 * executor runs which trial is Spark's choice, so the test checks the outcome, not the placement.
 */
class LocalClusterTest {

    @TempDir
    Path dir;

    @Test
    void twoExecutorJvmsGiveTheLocalEnginesJournal() throws IOException {
        Path f = SparkSweepTest.writeModel(dir);
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        Sweep.runLocal(plan, new Sweep.StudyOptions(dir.resolve("local"), 1, 1, LoadOptions.all(), false),
                Sweep.StudyListener.NONE);
        // Workers keep their work/ below the Spark home surefire names (an empty directory: SPARK_TESTING).
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME")));
        // The executors are new JVMs: they get this JVM's class path (surefire's) and Spark's launcher adds
        // its --add-opens list to their command line.
        SparkConf conf = SparkSweepTest.loopback("local-cluster[2,1,1024]")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            SparkSweep.run(sc, plan, new Sweep.StudyOptions(dir.resolve("cluster"), 2, 1, LoadOptions.all(), false),
                    Sweep.StudyListener.NONE);
        }
        assertEquals(SparkSweepTest.journal(dir.resolve("local")), SparkSweepTest.journal(dir.resolve("cluster")));
        assertTrue(Files.isRegularFile(dir.resolve("cluster/leaderboard.md")));
    }
}
