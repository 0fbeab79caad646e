package dev.nnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import dev.nnc.api.CompileOptions;
import dev.nnc.api.Sweep;
import dev.nnc.data.LoadOptions;
import dev.nnc.sweep.Journal;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit path against a real standalone cluster: a Master and two Workers (one core each) started as
 * child processes on 127.0.0.1 (loopback only, web UIs on free ports of 127.0.0.1), from a Spark home whose jars/
 * are the Spark jars of this test's class path; nnc-spark.jar (the shaded jar this module builds before its tests)
 * submitted with SparkSubmit, the class spark-submit runs. Every process is stopped by PID, with its descendants
 * (the executors), after the tests. Waits poll files with generous deadlines that fail with the log's tail.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {

    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration STUDY = Duration.ofMinutes(10);
    /** Long enough trials (a few seconds each here) that the test sees two of them mid-training. */
    private static final int EPOCHS = 8;
    private static final int LIMIT = 6000;

    /** Spark's JVM options on Java 17 (org.apache.spark.launcher.JavaModuleOptions), as spark-class adds them. */
    private static final List<String> JAVA_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
            "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
            "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false", "-Dio.netty.tryReflectionSetAccessible=true");

    @TempDir
    static Path dir;

    private static Path home;
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static Process masterProcess;
    private static String master;

    @BeforeAll
    static void startMaster() throws IOException, InterruptedException {
        // A Spark home with the Spark jars of the class path (not nnc's own: those come in nnc-spark.jar).
        home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(e);
            // nnc-core is a directory in one reactor build and target/nnc-core-*.jar in another (package, install)
            if (e.endsWith(".jar") && !e.matches(".*(junit|opentest4j|apiguardian|/org/bytedeco/|/org/antlr/"
                    + "|/dev/nnc/|/target/).*") && !jar.getFileName().toString().startsWith("nnc-")
                    && !Files.exists(home.resolve("jars").resolve(jar.getFileName()))) {
                Files.createSymbolicLink(home.resolve("jars").resolve(jar.getFileName()), jar.toAbsolutePath());
            }
        }
        masterProcess = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", "0", "--webui-port", "0"));
        Matcher m = await("master", masterProcess, Pattern.compile("Starting Spark master at (spark://\\S+)"), START);
        master = m.group(1);
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (Process p : PROCESSES) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : PROCESSES) {
            p.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /** A JVM of the Spark home's jars, loopback only, its output in {@code name}.log. */
    private static Process start(String name, List<String> mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", home.resolve("jars") + File.separator + "*"));
        cmd.addAll(JAVA_OPTIONS);
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("SPARK_LOCAL_HOSTNAME", "localhost");
        env.remove("SPARK_TESTING"); // a real Spark home: executors get its jars/
        Process p = pb.start();
        PROCESSES.add(p);
        return p;
    }

    /** Polls {@code name}.log until {@code pattern} appears; fails with the log's tail if it does not in time. */
    private static Matcher await(String name, Process p, Pattern pattern, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String log = Files.readString(dir.resolve(name + ".log"));
            Matcher m = pattern.matcher(log);
            if (m.find()) {
                return m;
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                fail(name + (p.isAlive() ? " did not log '" + pattern + "' within " + timeout.toSeconds() + " s"
                        : " exited with " + p.exitValue()) + "; its log ends:\n" + tail(log));
            }
            Thread.sleep(100); // polling a file for a condition, not timing
        }
    }

    private static String tail(String log) {
        return log.substring(Math.max(0, log.length() - 4000));
    }

    @Test
    @Order(1)
    void aMasterWithoutWorkersFailsTheStudyInsteadOfHanging() {
        try (JavaSparkContext sc = new JavaSparkContext(SparkSweepTest.loopback(master))) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SparkSweep.awaitExecutor(sc, Duration.ofSeconds(5)));
            assertTrue(e.getMessage().startsWith("no executor ran a task within 5 s on " + master + ": check that the "
                    + "master has live workers with at least 1 free core(s)"), e.getMessage());
        }
    }

    @Test
    @Order(2)
    void sparkSubmitOnTwoWorkersSurvivesAKilledExecutorWithTheLocalEnginesLeaderboard()
            throws IOException, InterruptedException {
        Path jar = Path.of("nnc-spark/target/nnc-spark.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " is missing: the build makes it before the tests");
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Files.createDirectories(dir.resolve("work-" + i));
            workers.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g", "--work-dir",
                    dir.resolve("work-" + i).toString(), master)));
        }
        for (int i = 0; i < 2; i++) {
            await("worker-" + i, workers.get(i), Pattern.compile("Successfully registered with master"), START);
        }
        Path model = Path.of("models/sweep_mlp.nn").toAbsolutePath();
        Path study = dir.resolve("study");
        Process submit = start("submit", List.of("org.apache.spark.deploy.SparkSubmit", "--master", master,
                "--class", "dev.nnc.spark.SweepMain", "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.executor.memory=512m", // the bundled Fashion-MNIST, for executors in their work dirs
                "--conf", "spark.executorEnv.NNC_DATA=" + Path.of("data/fashion-mnist").toAbsolutePath(), jar.toString(),
                "sweep", model.toString(), "--limit", Integer.toString(LIMIT), "--set", "epochs=" + EPOCHS,
                "--parallel", "2", "--threads", "1", "--out", study.toString()));

        // Two trials training at once, each on one of the two single-core executors: kill one executor's JVM.
        String killed = killAnExecutorMidTrial(study, submit, workers);

        assertTrue(submit.waitFor(STUDY.toSeconds(), TimeUnit.SECONDS), "spark-submit did not end within "
                + STUDY.toMinutes() + " min; its log ends:\n" + tail(Files.readString(dir.resolve("submit.log"))));
        assertEquals(0, submit.exitValue(), tail(Files.readString(dir.resolve("submit.log"))));

        // The local engine's study of the same file, to compare with (after the cluster's: they would share cores).
        Sweep.Plan plan = Sweep.plan(model, new CompileOptions(Optional.empty(), Map.of("epochs",
                Integer.toString(EPOCHS))), OptionalLong.empty());
        assertTrue(plan.ok(), plan.render());
        Sweep.runLocal(plan, new Sweep.StudyOptions(dir.resolve("local"), 2, 1, LoadOptions.limit(LIMIT), false),
                Sweep.StudyListener.NONE);

        // No lost and no duplicate trial: one outcome for each of the six (models/sweep_mlp.nn prunes with ASHA, so
        // finished or pruned), none failed.
        Map<Integer, JsonObject> ended = new TreeMap<>();
        for (JsonObject o : Journal.read(study)) {
            String event = o.get("event").getAsString();
            assertNotEquals("failed", event, o.toString());
            if (event.equals("finished") || event.equals("pruned")) {
                assertTrue(ended.put(o.get("trial").getAsInt(), o) == null, "trial ended twice: " + o);
            }
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), List.copyOf(ended.keySet()));
        // The killed executor's task ran again elsewhere. A finished line names its attempt; a trial pruned after the
        // retry has no placement in the journal (the decision is the driver's), so the driver's log is the witness.
        assertTrue(Files.readString(dir.resolve("submit.log")).contains("Lost executor " + killed),
                "the driver never noticed executor " + killed + " was lost");
        List<JsonObject> retried = ended.values().stream().filter(o -> o.has("attempt"))
                .filter(o -> o.get("attempt").getAsInt() > 0).toList();
        assertTrue(retried.size() <= 1, "only the killed executor's trial may be retried: " + retried);
        retried.forEach(o -> assertNotEquals(killed, o.get("executor").getAsString(), o.toString()));
        // The same study as the local engine's: the journal (epochs, metrics bit for bit), leaderboard and best.
        assertEquals(SparkSweepTest.journal(dir.resolve("local")), SparkSweepTest.journal(study));
        assertEquals(leaderboard(dir.resolve("local")), leaderboard(study));
        assertEquals(Files.readString(dir.resolve("local/best/command.txt")),
                Files.readString(study.resolve("best/command.txt")));
    }

    /** Waits until two trials are between their first and their third-last epoch, then kills one executor. */
    private static String killAnExecutorMidTrial(Path study, Process submit, List<Process> workers)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STUDY.toNanos();
        while (true) {
            Map<Integer, Boolean> running = new TreeMap<>();
            for (JsonObject o : Journal.read(study)) {
                String event = o.get("event").getAsString(); // started ... finished, pruned or failed
                if (event.equals("started") || event.equals("finished") || event.equals("pruned")
                        || event.equals("failed")) {
                    running.put(o.get("trial").getAsInt(), event.equals("started"));
                }
            }
            long training = running.entrySet().stream().filter(Map.Entry::getValue).filter(e -> {
                int epochs = SparkTrialRunner.epochsIn(study.resolve("trials").resolve(String.format(
                        "trial-%03d", e.getKey())).resolve("metrics.jsonl")).size();
                return epochs >= 1 && epochs <= EPOCHS - 3;
            }).count();
            if (training >= 2) {
                List<ProcessHandle> executors = workers.stream().flatMap(Process::descendants)
                        .filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend"))
                        .toList();
                assertEquals(2, executors.size(), "executor JVMs below the workers");
                ProcessHandle victim = executors.get(0);
                Matcher id = Pattern.compile("--executor-id (\\S+)").matcher(victim.info().commandLine().get());
                assertTrue(id.find(), victim.info().commandLine().get());
                assertTrue(victim.destroyForcibly(), "could not kill executor " + id.group(1));
                assertTrue(victim.onExit().thenApply(h -> true).completeOnTimeout(false, 60, TimeUnit.SECONDS)
                        .join(), "executor " + id.group(1) + " still alive 60 s after SIGKILL");
                return id.group(1);
            }
            if (!submit.isAlive() || System.nanoTime() > deadline) {
                fail("two trials never trained at once (" + (submit.isAlive() ? "timeout" : "the study ended")
                        + "); the driver's log ends:\n" + tail(Files.readString(dir.resolve("submit.log"))));
            }
            Thread.sleep(50); // polling the journal and run directories, not timing
        }
    }

    /** leaderboard.csv without its seconds column. */
    private static List<String> leaderboard(Path study) throws IOException {
        return Files.readAllLines(study.resolve("leaderboard.csv")).stream()
                .map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.toList());
    }
}
