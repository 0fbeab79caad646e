package dev.nnc.api;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.semantic.Checker;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.semantic.Program;
import dev.nnc.semantic.ProgramLoader;
import dev.nnc.semantic.Reporter;
import dev.nnc.semantic.TrainNeeds;
import dev.nnc.syntax.ast.ModelDecl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What an editor needs of one file as it is being typed (unsaved text; imports read from disk): the parsed
 * program (for names and positions), the diagnostics, and the compiled graph of every model of the file.
 *
 * <p>The diagnostics are exactly those of {@code nnc compile FILE}, except that a file with several models
 * gets those of {@code nnc compile FILE --model FIRST} (an editor shows all models, not a choice of one),
 * a file without a model (a library of funs and vals) gets no {@code no-model} error, and each model that
 * {@code nnc train} would refuse for want of data gets the note {@code missing-train-key} with its fix
 * ({@link TrainNeeds#NOTE}).
 *
 * @param file        the display path, as diagnostics name it
 * @param program     the parsed program, when the main file parsed
 * @param models      each model of the main file that compiled, by name, in source order
 * @param diagnostics every diagnostic, of any file of the program
 */
public record SourceAnalysis(String file, Optional<Program> program, Map<String, CompiledModel> models,
                             List<Diagnostic> diagnostics, Map<String, SourceText> sources) {

    private static final long COMPILER_STACK_BYTES = 512L << 20;

    public SourceAnalysis {
        models = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(models));
        diagnostics = List.copyOf(diagnostics);
        sources = Map.copyOf(sources);
    }

    /** Analyses {@code text} as the content of {@code file} (which need not be saved). Never throws for bad input. */
    public static SourceAnalysis of(Path file, String text) {
        AtomicReference<SourceAnalysis> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> result.set(onThisThread(file, text)), "nnc-analyse", COMPILER_STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while analysing " + file, e);
        }
        return result.get();
    }

    private static SourceAnalysis onThisThread(Path file, String text) {
        Path abs = file.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        String display = abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
        try {
            Reporter loadReporter = new Reporter();
            Program program = new ProgramLoader(loadReporter).load(display, text, abs.getParent());
            if (loadReporter.hasErrors()) {
                return new SourceAnalysis(display, Optional.of(program), Map.of(), loadReporter.diagnostics(),
                        program.sources());
            }
            List<String> names = program.mainModels().stream().map(ModelDecl::name).toList();
            Map<String, CompiledModel> models = new LinkedHashMap<>();
            List<Diagnostic> diagnostics = new ArrayList<>();
            if (names.isEmpty()) {
                Reporter r = new Reporter();
                r.addAll(loadReporter.diagnostics());
                new Checker(program, r).check(Optional.empty(), Map.of());
                r.diagnostics().stream().filter(d -> !d.code().equals("no-model")).forEach(diagnostics::add);
            }
            for (int i = 0; i < names.size(); i++) {
                Reporter r = new Reporter();
                r.addAll(loadReporter.diagnostics());
                Optional<String> select = names.size() == 1 ? Optional.empty() : Optional.of(names.get(i));
                Optional<CompiledModel> m = new Checker(program, r, TrainNeeds.NOTE).check(select, Map.of());
                m.ifPresent(cm -> models.put(cm.graph().model(), cm));
                if (i == 0) {
                    diagnostics.addAll(r.diagnostics());
                }
            }
            return new SourceAnalysis(display, Optional.of(program), models, diagnostics, program.sources());
        } catch (StackOverflowError e) {
            return failed(display, "the program is nested too deeply to compile", "too-deep");
        } catch (RuntimeException | OutOfMemoryError e) {
            return failed(display, "internal compiler error: " + e, "internal");
        }
    }

    private static SourceAnalysis failed(String display, String message, String code) {
        return new SourceAnalysis(display, Optional.empty(), Map.of(),
                List.of(Diagnostic.error(code, SourceSpan.ofFile(display), message)), Map.of());
    }
}
