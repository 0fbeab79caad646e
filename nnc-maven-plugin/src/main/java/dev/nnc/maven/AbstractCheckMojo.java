package dev.nnc.maven;

import dev.nnc.api.BuildArtifacts;
import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Severity;
import dev.nnc.semantic.CompiledModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;

/** check and test-check: compile every model, report, write the SARIF log, fail on errors. */
abstract class AbstractCheckMojo extends AbstractNncMojo {

    /** Every warning fails the build (javac's {@code -Werror}). */
    @Parameter(property = "nnc.failOnWarning", defaultValue = "false")
    boolean failOnWarning;

    /** Codes of warnings that fail the build (gcc's {@code -Werror=code}), e.g. {@code unused-val}. */
    @Parameter
    List<String> errors = new ArrayList<>();

    /** Size limits for every model: {@code maxParameters}, {@code maxFlops}, {@code maxWeightBytes}. */
    @Parameter
    Budget budget;

    /**
     * The directory SARIF file locations are relative to (uriBaseId {@code SRCROOT}). Default: the nearest
     * directory above the project holding {@code .git}, else the top of the multi-module build.
     */
    @Parameter(property = "nnc.repositoryRoot")
    File repositoryRoot;

    abstract File sourceDirectory();

    abstract File sarifFile();

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("nnc: skipped");
            return;
        }
        File directory = sourceDirectory();
        List<String> models = scan(directory);
        Policy policy = new Policy(failOnWarning, Set.copyOf(errors));
        List<ModelFile> files = new ArrayList<>();
        Map<ModelFile, List<Diagnostic>> findings = new LinkedHashMap<>();
        for (String relative : models) {
            ModelFile f = compile(directory, relative);
            files.add(f);
            findings.put(f, check(f, policy, budget));
        }
        report(files, findings);
        Set<Diagnostic> all = new LinkedHashSet<>();
        findings.values().forEach(all::addAll);
        try {
            Outputs.write(sarifFile().toPath(), Sarif.write(List.copyOf(all), root(), nncVersion())
                    .getBytes(StandardCharsets.UTF_8), buildContext);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write " + sarifFile() + ": " + e.getMessage(), e);
        }
        long errorCount = count(findings.values(), Severity.ERROR);
        long warningCount = count(findings.values(), Severity.WARNING);
        String tally = models.size() + (models.size() == 1 ? " model file" : " model files") + " in "
                + directory + ": " + plural(errorCount, "error") + ", " + plural(warningCount, "warning");
        if (errorCount > 0) {
            throw new MojoFailureException("nnc: " + tally + " (report: " + sarifFile() + ")");
        }
        getLog().info("nnc: " + tally);
    }

    /** A file's diagnostics after the warning policy, then its models' budget overruns. */
    static List<Diagnostic> check(ModelFile f, Policy policy, Budget budget) {
        List<Diagnostic> out = new ArrayList<>();
        f.diagnostics().stream().map(policy::apply).forEach(out::add);
        if (budget != null) {
            for (CompiledModel m : f.models()) {
                String name = m.graph().model();
                out.addAll(budget.check(name, BuildArtifacts.Figures.of(m), f.nameSpan(name)));
            }
        }
        return out;
    }

    private Path root() {
        if (repositoryRoot != null) {
            return repositoryRoot.toPath().toAbsolutePath().normalize();
        }
        Path base = project.getBasedir().toPath().toAbsolutePath().normalize();
        for (Path p = base; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve(".git"))) {
                return p;
            }
        }
        File top = session != null && session.getRequest() != null
                ? session.getRequest().getMultiModuleProjectDirectory() : null;
        return top != null ? top.toPath().toAbsolutePath().normalize() : base;
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
