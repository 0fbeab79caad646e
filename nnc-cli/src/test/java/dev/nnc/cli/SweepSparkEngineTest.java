package dev.nnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nnc sweep --engine spark}: how the CLI finds spark-submit and nnc-spark.jar, the command line it runs, and
 * that spark-submit's output and exit code come through. The spark-submit here is a script that records its
 * arguments (nnc-spark's StandaloneClusterTest runs the real one against a cluster).
 */
class SweepSparkEngineTest {

    private static final String MODEL = "models/sweep_mlp.nn";

    @TempDir
    Path dir;

    /** A Spark home whose bin/spark-submit writes its arguments to args.txt, prints a line on each stream, exits 3. */
    private Path fakeSparkHome() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("spark/bin"));
        Path submit = bin.resolve("spark-submit");
        Files.writeString(submit, "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" + dir.resolve("args.txt") + "\"\n"
                + "echo 'trial 0 finished on the cluster'\necho 'a warning from Spark' >&2\nexit 3\n");
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir.resolve("spark");
    }

    @Test
    void runsSparkSubmitWithTheJarAndTheSweepFlagsAndReturnsItsExitCode() throws IOException {
        Path jar = Files.writeString(dir.resolve("nnc-spark.jar"), "not really a jar");
        Cli.Run r = Cli.run(Map.of("SPARK_HOME", fakeSparkHome().toString(), "NNC_SPARK_JAR", jar.toString()),
                "sweep", MODEL, "--engine", "spark", "--master", "spark://head:7077", "--limit", "500", "--set",
                "epochs=2", "--parallel", "4", "--threads", "2", "--out", "runs/s1", "--executor-timeout", "30");
        assertEquals(3, r.exit(), r.err());
        assertTrue(r.out().contains("trial 0 finished on the cluster"), r.out());
        assertTrue(r.err().contains("a warning from Spark"), r.err());
        List<String> args = Files.readAllLines(dir.resolve("args.txt"));
        assertEquals(List.of("--master", "spark://head:7077", "--class", "dev.nnc.spark.SweepMain"),
                args.subList(0, 4));
        assertEquals("--driver-java-options", args.get(4));
        assertTrue(args.get(5).contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), args.get(5));
        assertEquals(List.of("--conf", "spark.executor.extraJavaOptions=" + args.get(5), jar.toString(), "sweep",
                Path.of(MODEL).toAbsolutePath().toString(), "--set", "epochs=2", "--limit", "500", "--out",
                Path.of("runs/s1").toAbsolutePath().toString(), "--parallel", "4", "--threads", "2",
                "--executor-timeout", "30", "--diagnostics", "none"), args.subList(6, args.size()));
    }

    @Test
    void aBrokenFileIsReportedHereInTheFormatAskedForAndNeverSubmitted() throws IOException {
        Path jar = Files.writeString(dir.resolve("nnc-spark.jar"), "not really a jar");
        Path bad = Cli.write(dir, "bad.nn", Cli.BAD);
        Cli.Run r = Cli.run(Map.of("SPARK_HOME", fakeSparkHome().toString(), "NNC_SPARK_JAR", jar.toString()),
                "sweep", bad.toString(), "--engine", "spark", "--diagnostics", "json");
        assertEquals(1, r.exit(), r.err());
        List<String> lines = r.err().lines().toList();
        assertFalse(lines.isEmpty());
        for (String line : lines) {
            assertEquals(bad.toString(), com.google.gson.JsonParser.parseString(line).getAsJsonObject().get("file")
                    .getAsString(), line);
        }
        assertFalse(Files.exists(dir.resolve("args.txt")), "spark-submit ran for a file with errors");
    }

    @Test
    void withoutSparkSubmitOrTheJarItSaysWhatToDo() throws IOException {
        Path emptyPath = Files.createDirectories(dir.resolve("empty"));
        Cli.Run none = Cli.run(Map.of("PATH", emptyPath.toString()), "sweep", MODEL, "--engine", "spark");
        assertEquals(1, none.exit());
        assertEquals("nnc: --engine spark needs spark-submit: set SPARK_HOME to a Spark 4 installation "
                + "(https://spark.apache.org/downloads.html) or put its bin/ on PATH\n", none.err());

        Cli.Run badHome = Cli.run(Map.of("SPARK_HOME", emptyPath.toString()), "sweep", MODEL, "--engine", "spark");
        assertEquals(1, badHome.exit());
        assertTrue(badHome.err().contains("SPARK_HOME is " + emptyPath + ", but it has no executable bin/spark-submit"),
                badHome.err());

        Cli.Run noJar = Cli.run(Map.of("SPARK_HOME", fakeSparkHome().toString(), "NNC_SPARK_JAR",
                dir.resolve("missing.jar").toString()), "sweep", MODEL, "--engine", "spark");
        assertEquals(1, noJar.exit());
        assertTrue(noJar.err().contains("NNC_SPARK_JAR is " + dir.resolve("missing.jar") + ", which is not a file"),
                noJar.err());
        assertFalse(Files.exists(dir.resolve("args.txt")), "spark-submit ran without a jar");
    }

    @Test
    void sparkFlagsNeedTheSparkEngine() {
        Cli.Run r = Cli.run("sweep", MODEL, "--master", "local[2]");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--master is for --engine spark only"), r.err());
        Cli.Run e = Cli.run("sweep", MODEL, "--engine", "yarn");
        assertEquals(2, e.exit());
        assertTrue(e.err().contains("--engine must be local or spark, got 'yarn'"), e.err());
        Cli.Run help = Cli.run("sweep", "--help");
        assertTrue(help.out().contains("--engine=local|spark") && help.out().contains("--master=URL"), help.out());
    }
}
