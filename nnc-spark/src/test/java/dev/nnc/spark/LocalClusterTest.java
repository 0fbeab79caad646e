package dev.nnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;

import dev.nnc.api.CompileOptions;
import dev.nnc.api.Sweep;
import dev.nnc.data.LoadOptions;
import dev.nnc.sweep.Journal;
import dev.nnc.sweep.Placement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster in one test: local-cluster[2,1,1024] (a master, two workers, two executor JVMs), P = 2: the local
 * engine's journal, and the journal says the trials ran on both executors; then models/sweep_mlp.nn (ASHA-pruned)
 * gives the local engine's journal and leaderboard there too.
 */
class LocalClusterTest {

    @TempDir
    Path dir;

    @Test
    void twoExecutorJvmsGiveTheLocalEnginesJournal() throws IOException, InterruptedException {
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
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                // the bundled Fashion-MNIST of models/sweep_mlp.nn, for executors in their work directories
                .set("spark.executorEnv.NNC_DATA", Path.of("data/fashion-mnist").toAbsolutePath().toString());
        // The shipped example, ASHA-pruned, on a --limit'ed data set: run here first, then on the cluster.
        Path example = Path.of("models/sweep_mlp.nn").toAbsolutePath();
        Sweep.Plan examplePlan = Sweep.plan(example, new CompileOptions(Optional.empty(), Map.of("epochs", "2")),
                OptionalLong.empty());
        assertTrue(examplePlan.ok(), examplePlan.render());
        Sweep.runLocal(examplePlan, new Sweep.StudyOptions(dir.resolve("example-local"), 1, 1,
                LoadOptions.limit(1500), false), Sweep.StudyListener.NONE);
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            // both executors up before the first trial, so that two trials at once run on two JVMs
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (sc.sc().getExecutorIds().size() < 2) {
                assertTrue(System.nanoTime() < deadline, "local-cluster[2,1,1024]: two executors did not register "
                        + "within 180 s; registered: " + sc.sc().getExecutorIds());
                Thread.sleep(100); // waiting for a condition, not timing
            }
            SparkSweep.run(sc, plan, new Sweep.StudyOptions(dir.resolve("cluster"), 2, 1, LoadOptions.all(), false),
                    Sweep.StudyListener.NONE);
            SparkSweep.run(sc, examplePlan, new Sweep.StudyOptions(dir.resolve("example-cluster"), 2, 1,
                    LoadOptions.limit(1500), false), Sweep.StudyListener.NONE);
        }
        // models/sweep_mlp.nn: the same journal (pruned trials included) and the same leaderboard
        assertEquals(SparkSweepTest.journal(dir.resolve("example-local")),
                SparkSweepTest.journal(dir.resolve("example-cluster")));
        assertTrue(Journal.read(dir.resolve("example-cluster")).stream()
                .anyMatch(o -> o.get("event").getAsString().equals("pruned")), "ASHA pruned nothing");
        assertEquals(withoutSeconds(dir.resolve("example-local")), withoutSeconds(dir.resolve("example-cluster")));
        assertEquals(SparkSweepTest.journal(dir.resolve("local")), SparkSweepTest.journal(dir.resolve("cluster")));
        assertTrue(Files.isRegularFile(dir.resolve("cluster/leaderboard.md")));
        // where each trial ran: two executor JVMs of the one host, none the driver
        Set<String> executors = new TreeSet<>();
        Set<String> hosts = new TreeSet<>();
        for (JsonObject o : Journal.read(dir.resolve("cluster"))) {
            if (o.get("event").getAsString().equals("finished")) {
                executors.add(o.get("executor").getAsString());
                hosts.add(o.get("host").getAsString());
            }
        }
        assertEquals(2, executors.size(), "executors in the journal: " + executors);
        assertFalse(executors.contains("driver"), executors.toString());
        assertEquals(1, hosts.size(), hosts.toString());
        assertFalse(hosts.iterator().next().isEmpty());
        // the local engine records its own host and the driver
        for (JsonObject o : Journal.read(dir.resolve("local"))) {
            if (o.get("event").getAsString().equals("finished")) {
                assertEquals("driver", o.get("executor").getAsString());
                assertEquals(Placement.here().host(), o.get("host").getAsString());
                assertEquals(0, o.get("attempt").getAsInt());
            }
        }
    }

    /** leaderboard.csv without its last column, the wall time. */
    private static List<String> withoutSeconds(Path study) throws IOException {
        return Files.readAllLines(study.resolve("leaderboard.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }
}
