package dev.nnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.nnc.api.CompileOptions;
import dev.nnc.api.Sweep;
import dev.nnc.data.LoadOptions;
import dev.nnc.sweep.Journal;
import dev.nnc.sweep.Trial;
import dev.nnc.sweep.TrialPruned;
import dev.nnc.train.EpochStats;
import dev.nnc.train.TrainingListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskKilled;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.JobFailed;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine against a real Spark (local[2], loopback, UI off): the same journal as the local engine, bit
 * for bit, and the spark-submit entry point end to end.
 */
class SparkSweepTest {

    @TempDir
    Path dir;

    /** A 3 x 2 grid on 60 rows of CSV. */
    private Path model() throws IOException {
        return writeModel(dir);
    }

    static Path writeModel(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,c,d,label\n");
        for (int i = 0; i < 60; i++) {
            int label = i % 3;
            csv.append(label).append(',').append(i % 5).append(',').append(label * 2).append(",1,").append(label)
                    .append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), csv);
        Path f = dir.resolve("m.nn");
        Files.writeString(f, "model M(width: Int = 6) {\n"
                + "    input(4)\n"
                + "    affine(width) - relu - affine(3) - softmax\n"
                + "    train {\n        data = csv(\"train.csv\", validation = 0.25)\n"
                + "        optimizer = sgd(lr = 1e-2)\n        epochs = 2\n        batchSize = 10\n    }\n"
                + "    sweep {\n        lr = choice(1e-2, 1e-1, 3e-1)\n        width = choice(4, 8)\n"
                + "        seed = 3\n    }\n}\n");
        return f;
    }

    static SparkConf loopback(String master) {
        return new SparkConf().setMaster(master).setAppName("SparkSweepTest")
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false").set("spark.task.cpus", "1");
    }

    /**
     * Every journal line but its times and where the trial ran, grouped by trial index in file order: configs,
     * seeds, metrics, errors.
     */
    static Map<Integer, List<String>> journal(Path study) {
        Map<Integer, List<String>> out = new TreeMap<>();
        for (JsonObject o : Journal.read(study)) {
            JsonObject c = o.deepCopy();
            c.remove("time");
            c.remove("seconds");
            c.remove("host");
            c.remove("executor");
            c.remove("attempt");
            out.computeIfAbsent(c.get("trial").getAsInt(), k -> new ArrayList<>()).add(c.toString());
        }
        return out;
    }

    @Test
    void sparkOnLocal2GivesTheLocalEnginesJournalBitForBit() throws IOException {
        Path f = model();
        Sweep.Plan plan = Sweep.plan(f, CompileOptions.defaults(), OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        Sweep.Study local = Sweep.runLocal(plan, new Sweep.StudyOptions(dir.resolve("local"), 1, 1,
                LoadOptions.all(), false), Sweep.StudyListener.NONE);
        Sweep.Study spark;
        try (JavaSparkContext sc = new JavaSparkContext(loopback("local[2]"))) {
            spark = SparkSweep.run(sc, plan, new Sweep.StudyOptions(dir.resolve("spark"), 2, 1, LoadOptions.all(),
                    false), Sweep.StudyListener.NONE);
        }
        Map<Integer, List<String>> expected = journal(dir.resolve("local"));
        assertEquals(6, expected.size());
        assertEquals(expected, journal(dir.resolve("spark")));
        // started, two epochs, finished: each trial journaled once, epochs replayed in order on the driver
        expected.values().forEach(lines -> assertEquals(4, lines.size(), lines.toString()));
        assertEquals(local.ranked().stream().map(r -> r.trial().index()).toList(),
                spark.ranked().stream().map(r -> r.trial().index()).toList());
        assertEquals(Files.readString(dir.resolve("local/best/command.txt")),
                Files.readString(dir.resolve("spark/best/command.txt")));
        assertEquals("spark", JsonParser.parseString(Files.readString(dir.resolve("spark/study.json")))
                .getAsJsonObject().get("engine").getAsString());
        for (int i = 0; i < 6; i++) { // the executors wrote each trial's run directory
            assertTrue(Files.isRegularFile(dir.resolve("spark/trials/trial-00" + i + "/history.csv")));
        }
    }

    @Test
    void sparkSubmitEntryPointRunsTheStudyAndRefusesBadArguments() throws IOException {
        Path f = model();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SweepMain.run(new String[] {"sweep", f.toString(), "--master", "local[2]", "--parallel", "2",
            "--threads", "1", "--set", "epochs=1", "--out", dir.resolve("main").toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("best by valAcc, retrain with: nnc train "), text);
        assertTrue(text.contains("--set epochs=1"), text);
        assertEquals(6, journal(dir.resolve("main")).size());
        assertTrue(Files.isRegularFile(dir.resolve("main/leaderboard.md")));

        ByteArrayOutputStream usage = new ByteArrayOutputStream();
        assertEquals(2, SweepMain.run(new String[] {"sweep", f.toString(), "--parallel", "0"}, System.out,
                new PrintStream(usage, true, StandardCharsets.UTF_8)));
        assertTrue(usage.toString(StandardCharsets.UTF_8).contains("--parallel 0: expected a whole number of at "
                + "least 1"), usage.toString(StandardCharsets.UTF_8));
        SweepMain.Args parsed = SweepMain.parse(new String[] {"sweep", "m.nn", "--executor-timeout", "7",
            "--allow-path", "/data"});
        assertEquals(7, parsed.executorTimeout());
        assertEquals(List.of(Path.of("/data")), parsed.allowPaths());
        assertEquals(SweepMain.EXECUTOR_TIMEOUT_SECONDS, SweepMain.parse(new String[] {"sweep", "m.nn"})
                .executorTimeout());
        assertTrue(parsed.printDiagnostics());
        assertFalse(SweepMain.parse(new String[] {"sweep", "m.nn", "--diagnostics", "none"}).printDiagnostics(),
                "nnc sweep has printed them in the format asked for");
        assertEquals(2, SweepMain.run(new String[] {"sweep", f.toString(), "--diagnostics", "json"}, System.out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
        assertEquals(2, SweepMain.run(new String[] {"train", f.toString()}, System.out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    }
    @Test
    void aPrunedTrialsJobIsCancelledAndItsTaskStops() throws IOException, InterruptedException {
        Path f = model();
        // 2000 epochs: uncancelled, the task would write all of them before its job ended
        Sweep.Plan plan = Sweep.plan(f, new CompileOptions(Optional.empty(), Map.of("epochs", "2000")),
                OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        Trial t = plan.trials().get(0).trial();
        Path runDir = dir.resolve("pruned/trials/trial-000");
        List<Integer> seen = new ArrayList<>();
        CountDownLatch killed = new CountDownLatch(1);
        CountDownLatch jobFailed = new CountDownLatch(1);
        try (JavaSparkContext sc = new JavaSparkContext(loopback("local[2]"))) {
            sc.sc().addSparkListener(new SparkListener() {
                @Override
                public void onTaskEnd(SparkListenerTaskEnd end) {
                    if (end.reason() instanceof TaskKilled) {
                        killed.countDown();
                    }
                }

                @Override
                public void onJobEnd(SparkListenerJobEnd end) {
                    if (end.jobResult() instanceof JobFailed) {
                        jobFailed.countDown();
                    }
                }
            });
            TrialPruned e = assertThrows(TrialPruned.class, () -> new SparkTrialRunner(sc).run(plan, t, runDir,
                    new Sweep.StudyOptions(dir.resolve("pruned"), 1, 1, LoadOptions.all(), false),
                    new TrainingListener() {
                        @Override
                        public void epochDone(EpochStats s, boolean improved) {
                            seen.add(s.epoch());
                            throw new TrialPruned("pruned after epoch " + s.epoch());
                        }
                    }));
            assertEquals("pruned after epoch 1", e.getMessage());
            assertEquals(List.of(1), seen); // reported live, from metrics.jsonl, while the job ran
            int[] jobs = sc.statusTracker().getJobIdsForGroup(SparkTrialRunner.jobGroup(0));
            assertEquals(1, jobs.length);
            assertTrue(jobFailed.await(120, TimeUnit.SECONDS), "the trial's job did not end cancelled within 120 s");
            assertTrue(killed.await(120, TimeUnit.SECONDS), "the cancelled task did not end within 120 s");
        }
        int written = SparkTrialRunner.epochsIn(runDir.resolve("metrics.jsonl")).size();
        assertTrue(written >= 1 && written < 2000, "epochs the cancelled task wrote: " + written);
    }
}
