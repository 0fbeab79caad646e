package dev.nnc.maven;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Severity;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.inject.Inject;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.Scanner;
import org.sonatype.plexus.build.incremental.BuildContext;
import org.sonatype.plexus.build.incremental.DefaultBuildContext;

/** What the goals share: finding the model files, compiling them, and reporting diagnostics. */
abstract class AbstractNncMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    PluginDescriptor plugin;

    /** Markers in the IDE (m2e) and refreshes of written files; in a command-line build it only writes. */
    @Inject
    BuildContext buildContext;

    /** Ant-style patterns of the model files, relative to the source directory. */
    @Parameter
    List<String> includes = new ArrayList<>(List.of("**/*.nn"));

    /** Ant-style patterns of files not to compile (files only imported by others, say). */
    @Parameter
    List<String> excludes = new ArrayList<>();

    /**
     * {@code --set key=value} overrides applied to every model, as in {@code nnc compile --set}: model
     * parameters, train settings and optimizer hyperparameters, values written as in a .nn file.
     */
    @Parameter
    Map<String, String> overrides = new LinkedHashMap<>();

    @Parameter(property = "nnc.skip", defaultValue = "false")
    boolean skip;

    /** The nnc version, part of every up-to-date key: the plugin is released with the same version as nnc-core. */
    String nncVersion() {
        return plugin != null ? plugin.getVersion() : "unknown";
    }

    /** The model files under {@code directory}, relative, '/'-separated, sorted (the order of all output). */
    List<String> scan(File directory) {
        if (!directory.isDirectory()) {
            return List.of();
        }
        Scanner scanner = buildContext.newScanner(directory, true);
        scanner.setIncludes(includes.toArray(String[]::new));
        scanner.setExcludes(excludes.toArray(String[]::new));
        scanner.scan();
        String[] found = scanner.getIncludedFiles();
        return Arrays.stream(found).map(f -> f.replace(File.separatorChar, '/')).sorted().toList();
    }

    ModelFile compile(File directory, String relative) {
        return ModelFile.compile(directory.toPath(), relative, overrides);
    }

    /**
     * Logs each diagnostic once, as {@code nnc compile} prints it (the first line {@code file:line:col:
     * severity: message}), and marks it in the IDE at its span. The files' old markers are removed first.
     */
    void report(List<ModelFile> files, Map<ModelFile, List<Diagnostic>> findings) {
        // The default (command-line) build context logs every marker itself: the log above already says it.
        boolean ide = !(buildContext instanceof DefaultBuildContext);
        Set<Path> cleared = new HashSet<>();
        for (ModelFile f : files) {
            for (Path input : f.inputs()) {
                if (cleared.add(input)) {
                    buildContext.removeMessages(input.toFile());
                }
            }
        }
        Set<Diagnostic> logged = new HashSet<>();
        for (ModelFile f : files) {
            for (Diagnostic d : findings.getOrDefault(f, List.of())) {
                if (!logged.add(d)) {
                    continue;
                }
                String text = f.render(d).stripTrailing();
                switch (d.severity()) {
                    case ERROR -> getLog().error(text);
                    case WARNING -> getLog().warn(text);
                    case NOTE -> getLog().info(text);
                }
                if (ide) {
                    mark(f, d);
                }
            }
        }
    }

    private void mark(ModelFile f, Diagnostic d) {
        boolean override = d.span().file().startsWith("--set ");
        File at = override ? f.file().toFile() : ModelFile.absolute(d.span().file()).toFile();
        String message = (override ? d.span().file() + ": " : "") + d.message() + d.hint().map(h -> " (" + h + ")")
                .orElse("");
        buildContext.addMessage(at, override ? 1 : d.span().line(), override ? 1 : d.span().column(), message,
                d.isError() ? BuildContext.SEVERITY_ERROR : BuildContext.SEVERITY_WARNING, null);
    }

    static long count(Collection<List<Diagnostic>> findings, Severity severity) {
        return findings.stream().flatMap(List::stream).distinct().filter(d -> d.severity() == severity).count();
    }
}
