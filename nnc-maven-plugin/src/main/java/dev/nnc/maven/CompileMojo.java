package dev.nnc.maven;

import dev.nnc.api.BuildArtifacts;
import dev.nnc.diag.Diagnostic;
import dev.nnc.semantic.CompiledModel;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes, per model, the graph as {@code --emit json} and the {@code --emit summary} table under
 * {@code target/generated-resources/nnc/} (same relative path as the model: {@code a/mlp.nn} gives
 * {@code a/mlp.json} and {@code a/mlp.summary.txt}; a file with several models {@code a/mlp.Name.json}...),
 * a resource directory, so they are packaged. Paths in the graph are relative to the source directory, so
 * the artifacts are byte-for-byte the same wherever they are built. Incremental by content: a model whose
 * file, transitive imports, overrides and nnc version are unchanged is not compiled again, output whose
 * bytes are unchanged is not rewritten, and the outputs of a deleted model are deleted.
 */
@Mojo(name = "compile", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class CompileMojo extends AbstractNncMojo {

    /** Where the models are. */
    @Parameter(property = "nnc.sourceDirectory", defaultValue = "${project.basedir}/src/main/nn")
    File sourceDirectory;

    /** Where the artifacts go; added to the project's resources. */
    @Parameter(property = "nnc.outputDirectory", defaultValue = "${project.build.directory}/generated-resources/nnc")
    File outputDirectory;

    /** The up-to-date keys and outputs of the last run (not packaged). */
    @Parameter(defaultValue = "${project.build.directory}/nnc/compile-state.json")
    File stateFile;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("nnc: skipped");
            return;
        }
        Path out = outputDirectory.toPath().toAbsolutePath().normalize();
        Map<String, CompileState.Entry> before = CompileState.read(stateFile.toPath());
        Map<String, CompileState.Entry> after = new TreeMap<>();
        String configuration = "overrides " + overrides;
        List<ModelFile> failed = new ArrayList<>();
        Map<ModelFile, List<Diagnostic>> findings = new LinkedHashMap<>();
        int compiled = 0;
        int written = 0;
        try {
            for (String relative : scan(sourceDirectory)) {
                CompileState.Entry last = before.get(relative);
                if (last != null && last.key().equals(CompileState.key(nncVersion(), configuration, relative,
                        last.inputs())) && last.outputs().stream().allMatch(o -> Files.isRegularFile(out.resolve(o)))) {
                    getLog().debug("nnc: " + relative + " is up to date");
                    after.put(relative, last);
                    continue;
                }
                compiled++;
                ModelFile f = compile(sourceDirectory, relative);
                findings.put(f, f.diagnostics());
                if (f.models().isEmpty() && !f.library()) {
                    failed.add(f);
                    if (last != null) {
                        after.put(relative, new CompileState.Entry("", last.inputs(), last.outputs()));
                    }
                    continue;
                }
                List<String> outputs = new ArrayList<>();
                for (CompiledModel m : f.models()) {
                    String base = f.outputBase(m);
                    String graph = BuildArtifacts.graphJson(m, sourceDirectory.toPath());
                    written += write(out, base + ".json", graph, outputs);
                    written += write(out, base + ".summary.txt", BuildArtifacts.summary(m), outputs);
                }
                if (last != null) {
                    for (String old : last.outputs()) {
                        if (!outputs.contains(old)) {
                            Outputs.delete(out.resolve(old), out, buildContext);
                        }
                    }
                }
                List<String> inputs = f.inputs().stream().map(Path::toString).toList();
                after.put(relative, new CompileState.Entry(
                        CompileState.key(nncVersion(), configuration, relative, inputs), inputs, outputs));
            }
            int deleted = 0;
            for (Map.Entry<String, CompileState.Entry> gone : before.entrySet()) {
                if (!after.containsKey(gone.getKey())) {
                    for (String o : gone.getValue().outputs()) {
                        deleted += Outputs.delete(out.resolve(o), out, buildContext) ? 1 : 0;
                    }
                }
            }
            Outputs.write(stateFile.toPath(), CompileState.toJson(after).getBytes(StandardCharsets.UTF_8),
                    buildContext);
            getLog().info("nnc: " + after.size() + " model files, " + compiled + " compiled, " + written
                    + " outputs written, " + deleted + " deleted (" + outputDirectory + ")");
        } catch (IOException e) {
            throw new MojoExecutionException("nnc: cannot write to " + outputDirectory + ": " + e.getMessage(), e);
        }
        report(new ArrayList<>(findings.keySet()), findings);
        addResourceRoot();
        if (!failed.isEmpty()) {
            throw new MojoFailureException("nnc: " + failed.size() + " of the model files in " + sourceDirectory
                    + " have errors; no artifacts for " + failed.stream().map(ModelFile::relative).toList());
        }
    }

    private int write(Path out, String relative, String text, List<String> outputs) throws IOException {
        outputs.add(relative);
        return Outputs.write(out.resolve(relative), text.getBytes(StandardCharsets.UTF_8), buildContext) ? 1 : 0;
    }

    private void addResourceRoot() {
        String dir = outputDirectory.getAbsolutePath();
        boolean present = project.getResources().stream().anyMatch(r -> dir.equals(r.getDirectory()));
        if (!present) {
            Resource r = new Resource();
            r.setDirectory(dir);
            project.addResource(r);
        }
    }
}
