package dev.nnc.api;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.graph.ModelSource;
import dev.nnc.semantic.Checker;
import dev.nnc.semantic.TrainNeeds;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.semantic.Program;
import dev.nnc.semantic.ProgramLoader;
import dev.nnc.semantic.Reporter;
import java.nio.file.Path;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.CheckpointException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The front door for programs and build tools: compile a .nn file or string to a layer graph, or get its
 * diagnostics as data. Never prints, never exits, never throws for bad input.
 *
 * <pre>{@code
 * CompileResult r = Nnc.compile(Path.of("models/fashion_mlp.nn"), CompileOptions.defaults());
 * if (!r.ok()) { System.err.print(r.render()); return; }
 * LayerGraph graph = r.model().get().graph();
 * }</pre>
 */
public final class Nnc {

    /** The compiler runs on a thread with a large stack: deeply chained expressions recurse deeply. */
    private static final long COMPILER_STACK_BYTES = 512L << 20;

    private Nnc() {
    }

    public static CompileResult compile(Path file, CompileOptions options) {
        return run(file.toString(), loader -> loader.loadFile(file), options);
    }

    /**
     * Compiles the model a self-contained checkpoint carries (its {@code source}, with the model it names and the
     * {@code --set} overrides it was trained with), as {@code nnc eval --weights CKPT} does without a file.
     * {@code options} may name another model and add or replace overrides. Nothing is read from disk: imports
     * resolve among the embedded files only, under the usual limits (docs/security.md); relative data paths
     * resolve against the recorded main file's directory, as they did in training.
     *
     * @throws CheckpointException naming the file if it cannot be read or carries no source (written by an
     *                             nnc before 0.2, or by {@link Model#save} of a model built from a bare graph)
     */
    public static CompileResult compileCheckpoint(Path checkpoint, CompileOptions options) {
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        ModelSource source = ckpt.meta().source().orElseThrow(() -> new CheckpointException(checkpoint,
                "carries no model source (it was written by an older nnc); pass the .nn file it was trained from: "
                        + "nnc eval FILE --weights " + checkpoint));
        CompileOptions merged = merge(ckpt.meta().model(), source, options);
        return run(source.mainFile(), loader -> loader.loadEmbedded(source.mainFile(), source.files()), merged);
    }

    /**
     * {@code options} completed with what a self-contained checkpoint recorded, for compiling a .nn file to load
     * it (as Keras's {@code load_model} brings back the configuration): its model unless {@code options} name
     * one, and its {@code --set} overrides, which those of {@code options} replace key by key. Unchanged for a
     * checkpoint without source. The file's graph is still checked against the checkpoint's hash on loading
     * ({@link Model#load(CompiledModel, dev.nnc.tensor.Precision, Path, boolean)} says what differs).
     *
     * @throws CheckpointException naming the file if it cannot be read
     */
    public static CompileOptions withCheckpointDefaults(Path checkpoint, CompileOptions options) {
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        return ckpt.meta().source().map(s -> merge(ckpt.meta().model(), s, options)).orElse(options);
    }

    private static CompileOptions merge(String model, ModelSource source, CompileOptions options) {
        Map<String, String> overrides = new LinkedHashMap<>(source.overrides());
        overrides.putAll(options.overrides());
        return new CompileOptions(Optional.of(options.model().orElse(model)), overrides, options.projectRoot(),
                options.training());
    }

    /** Compiles source text; {@code name} labels diagnostics and imports resolve against the working directory. */
    public static CompileResult compileString(String name, String text, CompileOptions options) {
        return run(name, loader -> Optional.of(loader.load(name, text, Path.of("").toAbsolutePath())), options);
    }

    private static CompileResult run(String name, Function<ProgramLoader, Optional<Program>> load,
                                     CompileOptions options) {
        AtomicReference<CompileResult> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> result.set(compileOnThisThread(name, load, options)), "nnc-compile",
                COMPILER_STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + name, e);
        }
        return result.get();
    }

    /** The files a program was read from, main file first, and the overrides: what a checkpoint embeds. */
    private static ModelSource source(Program program, CompileOptions options) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(program.mainFile(), program.sources().get(program.mainFile()).text());
        program.sources().forEach((path, text) -> files.putIfAbsent(path, text.text()));
        return new ModelSource(program.mainFile(), files, options.overrides());
    }

    private static CompileResult compileOnThisThread(String name, Function<ProgramLoader, Optional<Program>> load,
                                                     CompileOptions options) {
        Reporter reporter = new Reporter();
        Map<String, SourceText> sources = new HashMap<>();
        try {
            Optional<Program> program = load.apply(new ProgramLoader(reporter, options.projectRoot()));
            if (program.isEmpty() || reporter.hasErrors()) {
                program.ifPresent(p -> sources.putAll(p.sources()));
                return new CompileResult(Optional.empty(), reporter.diagnostics(), sources);
            }
            sources.putAll(program.get().sources());
            options.overrides().forEach((k, v) -> sources.put("--set " + k, new SourceText("--set " + k, v)));
            Optional<CompiledModel> model = new Checker(program.get(), reporter,
                    options.training() ? TrainNeeds.ERROR : TrainNeeds.UNCHECKED).check(options.model(),
                    options.overrides());
            model = model.map(m -> m.withSource(source(program.get(), options)));
            return new CompileResult(model, reporter.diagnostics(), sources);
        } catch (StackOverflowError e) {
            return new CompileResult(Optional.empty(), List.of(Diagnostic.error("too-deep", SourceSpan.ofFile(name),
                    "the program is nested too deeply to compile")), sources);
        } catch (RuntimeException | OutOfMemoryError e) {
            // A bug in the compiler must still come back as data, not as an exception in a build tool.
            return new CompileResult(Optional.empty(), List.of(Diagnostic.error("internal", SourceSpan.ofFile(name),
                    "internal compiler error: " + e)), sources);
        }
    }
}
