package dev.nnc.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code nnc sweep --engine spark}: runs the study through the cluster's {@code spark-submit} with nnc-spark.jar,
 * so that Spark never is on nnc's own class path (docs/sweep.md, "Running on a cluster"). spark-submit's output is
 * passed through line by line and its exit code is nnc's.
 */
final class SubmitToSpark {

    /** The driver program in nnc-spark.jar. */
    static final String MAIN_CLASS = "dev.nnc.spark.SweepMain";

    /** What the jar is called, next to nnc.jar or in nnc-spark/target/. */
    static final String JAR = "nnc-spark.jar";

    /**
     * The JVM options Spark needs on Java 17 (org.apache.spark.launcher.JavaModuleOptions of Spark 4.0.1). Spark's
     * own launcher adds them too; given here as well for the executors of builds and cluster managers that do not.
     */
    static final String JAVA_OPTIONS = String.join(" ", "-XX:+IgnoreUnrecognizedVMOptions",
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

    private SubmitToSpark() {
    }

    static int run(SweepCommand c, PrintWriter out, PrintWriter err) {
        Map<String, String> env = c.env;
        Path submit;
        String home = env.get("SPARK_HOME");
        if (home != null && !home.isEmpty()) {
            submit = Path.of(home, "bin", "spark-submit");
            if (!Files.isExecutable(submit)) {
                err.println("nnc: --engine spark: SPARK_HOME is " + home + ", but it has no executable "
                        + "bin/spark-submit; point SPARK_HOME at a Spark 4 installation");
                return ExitCodes.FAILED;
            }
        } else {
            Optional<Path> found = onPath(env.get("PATH"));
            if (found.isEmpty()) {
                err.println("nnc: --engine spark needs spark-submit: set SPARK_HOME to a Spark 4 installation "
                        + "(https://spark.apache.org/downloads.html) or put its bin/ on PATH");
                return ExitCodes.FAILED;
            }
            submit = found.get();
        }
        Path jar;
        String given = env.get("NNC_SPARK_JAR");
        if (given != null && !given.isEmpty()) {
            jar = Path.of(given);
            if (!Files.isRegularFile(jar)) {
                err.println("nnc: NNC_SPARK_JAR is " + given + ", which is not a file");
                return ExitCodes.FAILED;
            }
        } else {
            Optional<Path> found = besideNnc();
            if (found.isEmpty()) {
                err.println("nnc: --engine spark needs " + JAR + " (next to nnc.jar, or nnc-spark/target/ of this "
                        + "checkout): build it with mvn -B -ntp -q package -DskipTests -pl nnc-spark -am, or set "
                        + "NNC_SPARK_JAR to its path");
                return ExitCodes.FAILED;
            }
            jar = found.get();
        }
        List<String> cmd = command(c, submit, jar);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            err.println("nnc: cannot run " + submit + ": " + e.getMessage());
            return ExitCodes.FAILED;
        }
        try {
            p.getOutputStream().close();
            Thread o = pump(p.getInputStream(), out);
            Thread e = pump(p.getErrorStream(), err);
            int code = p.waitFor();
            o.join();
            e.join();
            return code;
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spark-submit command line: Spark's options, the jar, then the sweep's own flags, paths absolute. */
    static List<String> command(SweepCommand c, Path submit, Path jar) {
        List<String> cmd = new ArrayList<>(List.of(submit.toString()));
        if (c.master != null) {
            cmd.addAll(List.of("--master", c.master));
        }
        cmd.addAll(List.of("--class", MAIN_CLASS, "--driver-java-options", JAVA_OPTIONS,
                "--conf", "spark.executor.extraJavaOptions=" + JAVA_OPTIONS));
        String data = c.env.get("NNC_DATA");
        if (data != null && !data.isBlank()) { // executors run in work directories of their own
            cmd.addAll(List.of("--conf", "spark.executorEnv.NNC_DATA=" + Path.of(data).toAbsolutePath()));
        }
        cmd.addAll(List.of(jar.toAbsolutePath().toString(), "sweep", c.input.file.toAbsolutePath().toString()));
        if (c.input.model != null) {
            cmd.addAll(List.of("--model", c.input.model));
        }
        c.input.overrides().forEach((k, v) -> cmd.addAll(List.of("--set", k + "=" + v)));
        if (c.limit != null) {
            cmd.addAll(List.of("--limit", c.limit.toString()));
        }
        if (c.out != null) {
            cmd.addAll(List.of("--out", c.out.toAbsolutePath().toString()));
        }
        if (c.resume != null) {
            cmd.addAll(List.of("--resume", c.resume.toAbsolutePath().toString()));
        }
        if (c.parallel != null) {
            cmd.addAll(List.of("--parallel", c.parallel.toString()));
        }
        if (c.threads != null) {
            cmd.addAll(List.of("--threads", c.threads.toString()));
        }
        if (c.executorTimeout != null) {
            cmd.addAll(List.of("--executor-timeout", c.executorTimeout.toString()));
        }
        c.allowPaths.forEach(d -> cmd.addAll(List.of("--allow-path", d.toAbsolutePath().toString())));
        cmd.addAll(List.of("--diagnostics", "none")); // printed here already, in the format --diagnostics asked for
        return cmd;
    }

    private static Optional<Path> onPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, "spark-submit"))) {
                return Optional.of(Path.of(d, "spark-submit"));
            }
        }
        return Optional.empty();
    }

    /** nnc-spark.jar next to nnc.jar, else in nnc-spark/target/ of the checkout nnc.jar was built in. */
    private static Optional<Path> besideNnc() {
        Path here;
        try {
            here = Path.of(SubmitToSpark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
        Path dir = here.toAbsolutePath().getParent(); // nnc-cli/target, for target/nnc.jar and target/classes alike
        List<Path> candidates = new ArrayList<>(List.of(dir.resolve(JAR)));
        if (dir.getParent() != null && dir.getParent().getParent() != null) {
            candidates.add(dir.getParent().getParent().resolve("nnc-spark").resolve("target").resolve(JAR));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }

    private static Thread pump(InputStream in, PrintWriter to) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (to) {
                        to.println(line);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // the process is gone; its exit code says the rest
            }
        }, "spark-submit output");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
