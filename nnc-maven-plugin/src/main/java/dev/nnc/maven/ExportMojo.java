package dev.nnc.maven;

import dev.nnc.api.BuildArtifacts;
import dev.nnc.data.DataException;
import dev.nnc.onnx.OnnxException;
import dev.nnc.onnx.OnnxExport;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.train.CheckpointException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/**
 * {@code nnc export} as a goal: one model with a checkpoint's weights to ONNX, verified in ONNX Runtime before
 * the file is written, and attached to the project (type {@code onnx}) so {@code install} and {@code deploy}
 * ship it. Bound to {@code package}: the file is a deliverable made from trained weights, not an input of the
 * code, and verification starts ONNX Runtime, which a {@code mvn compile} (or an IDE build) should not pay
 * for. One model per execution, as one checkpoint belongs to one model; several models, several executions.
 * Incremental by content: when the model file, its imports, the checkpoint, the configuration and the nnc
 * version are unchanged and the file is there, nothing is exported again.
 */
@Mojo(name = "export", defaultPhase = LifecyclePhase.PACKAGE, threadSafe = true)
public class ExportMojo extends AbstractNncMojo {

    /** Where the models are; {@code file} is relative to it. */
    @Parameter(property = "nnc.sourceDirectory", defaultValue = "${project.basedir}/src/main/nn")
    File sourceDirectory;

    /**
     * The {@code .nn} file, relative to {@code sourceDirectory} ({@code nnc export FILE}). Default: the one
     * file under {@code sourceDirectory} that declares a model ({@code includes}/{@code excludes} apply).
     */
    @Parameter(property = "nnc.file")
    String file;

    /** The model to export when the file declares several ({@code --model NAME}). */
    @Parameter(property = "nnc.model")
    String model;

    /** The checkpoint whose weights are exported ({@code --weights}): a {@code .safetensors} of nnc train. */
    @Parameter(property = "nnc.checkpoint")
    File checkpoint;

    /**
     * Without a {@code checkpoint} (or when the file does not exist yet), log that the export is skipped
     * instead of failing: for a pom that exports only when a build passes {@code -Dnnc.checkpoint=...}.
     */
    @Parameter(property = "nnc.skipWithoutCheckpoint", defaultValue = "false")
    boolean skipWithoutCheckpoint;

    /** The file to write. Default: {@code onnx/<file without .nn>.onnx} in the build directory ({@code target}). */
    @Parameter(property = "nnc.outputFile")
    File outputFile;

    /** The output format ({@code --format}); {@code onnx} is the only one. */
    @Parameter(property = "nnc.format", defaultValue = "onnx")
    String format;

    /** Run the exported model in ONNX Runtime and compare with nnc before writing it (off: {@code --no-verify}). */
    @Parameter(property = "nnc.verify", defaultValue = "true")
    boolean verify;

    /** Attach the file to the project (type {@code onnx}), so install and deploy ship it. */
    @Parameter(property = "nnc.attach", defaultValue = "true")
    boolean attach;

    /** The attached artifact's classifier. Default: the output file's name without {@code .onnx}. */
    @Parameter(property = "nnc.classifier")
    String classifier;

    /** The up-to-date keys of the exports (not packaged). */
    @Parameter(defaultValue = "${project.build.directory}/nnc/export-state.json")
    File stateFile;

    @Inject
    MavenProjectHelper projectHelper;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("nnc: skipped");
            return;
        }
        if (!"onnx".equals(format)) {
            throw new MojoFailureException("nnc: <format> must be onnx, not '" + format + "'");
        }
        Optional<Path> weights = checkpoint();
        if (weights.isEmpty()) {
            return;
        }
        String relative = modelFile();
        ModelFile f = compile(sourceDirectory, relative);
        report(List.of(f), Map.of(f, f.diagnostics()));
        if (f.library()) {
            throw new MojoFailureException("nnc: " + f.file() + " declares no model; there is nothing to export");
        }
        if (f.models().isEmpty()) {
            throw new MojoFailureException("nnc: " + f.file() + " has errors; nothing exported");
        }
        CompiledModel chosen = choose(f);
        Path out = output(f, chosen);
        String configuration = "export " + relative + " model " + chosen.graph().model() + " format " + format
                + " verify " + verify + " overrides " + overrides + " output " + out;
        List<String> inputs = new ArrayList<>(f.inputs().stream().map(Path::toString).toList());
        inputs.add(weights.get().toString());
        String key = CompileState.key(nncVersion(), configuration, relative, inputs);
        String id = out.toString();
        Map<String, CompileState.Entry> state = CompileState.read(stateFile.toPath());
        CompileState.Entry last = state.get(id);
        if (last != null && last.key().equals(key) && Files.isRegularFile(out)) {
            getLog().info("nnc: " + out + " is up to date");
        } else {
            export(chosen, weights.get(), out);
            state.put(id, new CompileState.Entry(key, inputs, List.of(out.toString())));
            try {
                Outputs.write(stateFile.toPath(), CompileState.toJson(state).getBytes(
                        StandardCharsets.UTF_8), buildContext);
            } catch (IOException e) {
                throw new MojoExecutionException("nnc: cannot write " + stateFile + ": " + e.getMessage(), e);
            }
        }
        if (attach) {
            String name = out.getFileName().toString();
            String c = classifier != null ? classifier : name.substring(0, name.length() - ".onnx".length());
            projectHelper.attachArtifact(project, "onnx", c, out.toFile());
        }
    }

    /** The checkpoint, or empty when the export is skipped for want of one; fails when one is needed. */
    private Optional<Path> checkpoint() throws MojoFailureException {
        String problem = checkpoint == null ? "no <checkpoint> is configured"
                : !checkpoint.isFile() ? "the checkpoint " + checkpoint + " does not exist" : null;
        if (problem == null) {
            return Optional.of(checkpoint.toPath().toAbsolutePath().normalize());
        }
        if (skipWithoutCheckpoint) {
            getLog().info("nnc: export skipped: " + problem + " (skipWithoutCheckpoint)");
            return Optional.empty();
        }
        throw new MojoFailureException("nnc: export needs the weights to export, but " + problem + "; set "
                + "<checkpoint> (or -Dnnc.checkpoint=FILE) to a .safetensors written by nnc train, or "
                + "<skipWithoutCheckpoint>true</skipWithoutCheckpoint> to skip the export without one");
    }

    /** {@code file}, or the one model file under the source directory. */
    private String modelFile() throws MojoFailureException {
        if (file != null) {
            Path dir = sourceDirectory.toPath().toAbsolutePath().normalize();
            Path p = dir.resolve(file).normalize();
            if (!Files.isRegularFile(p)) {
                throw new MojoFailureException("nnc: the model file " + p + " (<file> " + file + ") does not exist");
            }
            return dir.relativize(p).toString().replace(File.separatorChar, '/');
        }
        List<String> models = scan(sourceDirectory).stream()
                .filter(r -> !BuildArtifacts.declaredModels(sourceDirectory.toPath().resolve(r))
                        .map(List::isEmpty).orElse(false))
                .toList();
        if (models.size() != 1) {
            throw new MojoFailureException("nnc: export needs <file>, the model to export: " + sourceDirectory
                    + (models.isEmpty() ? " has no model files" : " has " + models.size() + ": " + models));
        }
        return models.get(0);
    }

    private CompiledModel choose(ModelFile f) throws MojoFailureException {
        List<CompiledModel> models = f.models();
        if (model != null) {
            return models.stream().filter(m -> m.graph().model().equals(model)).findFirst().orElseThrow(
                    () -> new MojoFailureException("nnc: " + f.file() + " has no model '" + model + "'; it has "
                            + models.stream().map(m -> m.graph().model()).toList()));
        }
        if (models.size() > 1) {
            throw new MojoFailureException("nnc: " + f.file() + " declares several models, "
                    + models.stream().map(m -> m.graph().model()).toList() + "; say which with <model>");
        }
        return models.get(0);
    }

    private Path output(ModelFile f, CompiledModel m) {
        if (outputFile != null) {
            return outputFile.toPath().toAbsolutePath().normalize();
        }
        return Path.of(project.getBuild().getDirectory(), "onnx", f.outputBase(m) + ".onnx").toAbsolutePath()
                .normalize();
    }

    private void export(CompiledModel m, Path weights, Path out) throws MojoFailureException,
            MojoExecutionException {
        OnnxExport.Options options = verify ? OnnxExport.Options.defaults()
                : OnnxExport.Options.defaults().withoutVerification();
        try {
            Files.createDirectories(out.getParent());
            OnnxExport.Result r = OnnxExport.export(m.graph(), weights, out, options);
            r.verified().ifPresent(line -> getLog().info("nnc: " + line));
            r.verification().ifPresent(v -> v.notes().forEach(n -> getLog().info("nnc: note: " + n)));
            getLog().info("nnc: " + r.written());
            buildContext.refresh(out.toFile());
        } catch (OnnxException | CheckpointException | DataException e) {
            throw new MojoFailureException("nnc: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("nnc: cannot create " + out.getParent() + ": " + e.getMessage(), e);
        }
    }
}
