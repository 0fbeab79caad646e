package dev.nnc.semantic;

import dev.nnc.diag.Severity;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.graph.ScheduleSpec;
import dev.nnc.graph.TrainConfig;
import dev.nnc.syntax.SourceParser;
import dev.nnc.syntax.ast.Decl;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.FunDecl;
import dev.nnc.syntax.ast.ModelDecl;
import dev.nnc.syntax.ast.Setting;
import dev.nnc.syntax.ast.ValDecl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The semantic pass over a loaded {@link Program}: checks every model of the main file (so one run reports
 * all their errors, shapes included), applies the command line's {@code --set} overrides to the selected model, and
 * warns about suspicious but legal code.
 */
public final class Checker {

    private static final Set<String> OPTIMIZER_KEYS = Set.of("lr", "mu", "decay", "beta1", "beta2", "eps",
            "weightDecay");

    private final Program program;
    private final Reporter reporter;
    private final Evaluator evaluator;
    private final TrainNeeds trainNeeds;

    public Checker(Program program, Reporter reporter) {
        this(program, reporter, TrainNeeds.UNCHECKED);
    }

    /** @param trainNeeds how to report a train key {@code nnc train} needs ({@code data}) and a model lacks */
    public Checker(Program program, Reporter reporter, TrainNeeds trainNeeds) {
        this.program = program;
        this.reporter = reporter;
        this.evaluator = new Evaluator(program, reporter);
        this.trainNeeds = trainNeeds;
    }

    /**
     * @param modelName  the model to compile; empty means the main file's only model
     * @param overrides  {@code --set key=value} pairs, in order: model parameters, train keys, optimizer
     *                   hyperparameters ({@code lr}, {@code beta1}...)
     */
    public Optional<CompiledModel> check(Optional<String> modelName, Map<String, String> overrides) {
        Map<String, Expr> parsedOverrides = parseOverrides(overrides);
        Optional<ModelDecl> selected = select(modelName);
        List<ModelDecl> toCheck = new ArrayList<>(program.mainModels());
        selected.filter(m -> !toCheck.contains(m)).ifPresent(toCheck::add);
        CompiledModel result = null;
        for (ModelDecl m : toCheck) {
            boolean isSelected = selected.isPresent() && selected.get() == m;
            Optional<GraphBuilder.Built> built = checkModel(m, isSelected ? parsedOverrides : Map.of());
            if (built.isPresent() && (trainNeeds == TrainNeeds.NOTE || (trainNeeds == TrainNeeds.ERROR && isSelected))) {
                MissingData.check(m, built.get().graph(), trainNeeds == TrainNeeds.NOTE ? Severity.NOTE : Severity.ERROR,
                        program.sources().get(m.span().file())).ifPresent(reporter::report);
            }
            Optional<dev.nnc.sweep.SweepSpec> sweep = new SweepChecker(evaluator, reporter, program.sources())
                    .check(m.sweepBlocks(), settableKeys(m));
            if (isSelected && built.isPresent()) {
                result = new CompiledModel(built.get().graph(), built.get().flops(),
                        program.mainModels().stream().map(ModelDecl::name).toList(), sweep, Optional.empty());
            }
        }
        checkFunSignatures();
        checkUnusedVals();
        return reporter.hasErrors() ? Optional.empty() : Optional.ofNullable(result);
    }

    private Optional<ModelDecl> select(Optional<String> name) {
        SourceSpan fileSpan = SourceSpan.ofFile(program.mainFile());
        List<String> names = program.mainModels().stream().map(ModelDecl::name).toList();
        if (name.isPresent()) {
            ModelDecl m = program.models().get(name.get());
            if (m == null) {
                String hint = DidYouMean.hint(name.get(), program.models().keySet());
                reporter.error("unknown-model", fileSpan, "no model named '" + name.get() + "'"
                        + (names.isEmpty() ? "" : "; the file defines " + String.join(", ", names)), hint);
            }
            return Optional.ofNullable(m);
        }
        if (names.isEmpty()) {
            reporter.error("no-model", fileSpan, program.mainFile() + " defines no model",
                    "declare one with: model Name { input(...) ... }");
            return Optional.empty();
        }
        if (names.size() > 1) {
            reporter.error("several-models", fileSpan, program.mainFile() + " defines " + names.size() + " models ("
                    + String.join(", ", names) + "); choose one with --model NAME");
            return Optional.empty();
        }
        return Optional.of(program.mainModels().get(0));
    }

    /** Checks and lowers one model (every model is lowered, so shape errors of all of them are reported). */
    private Optional<GraphBuilder.Built> checkModel(ModelDecl m, Map<String, Expr> overrides) {
        int errorsBefore = reporter.errorCount();
        Optional<Signature> sig = evaluator.paramsSignature(m.name(), m.params());
        Map<String, Value> params = new LinkedHashMap<>();
        // A parameter whose value is missing or wrong is bound to ERROR: its uses are not reported again.
        m.params().forEach(p -> params.put(p.name(), Value.ERROR));
        if (sig.isPresent()) {
            for (ArgSpec p : sig.get().params()) {
                Expr override = overrides.get(p.name());
                if (override != null) {
                    Value v = evaluator.eval(override, Map.of());
                    if (Binder.check("model parameter '" + p.name() + "'", p, v, override.span(), reporter)) {
                        params.put(p.name(), v);
                    }
                } else if (p.defaultValue().isPresent()) {
                    params.put(p.name(), p.defaultValue().get());
                } else {
                    reporter.error("missing-argument", m.nameSpan(), "model " + m.name() + " needs a value for '"
                            + p.name() + "'", "give it a default, or pass --set " + p.name() + "=VALUE");
                }
            }
        }
        Value body = evaluator.chainLines(m.lines(), params);
        Path baseDir = program.directories().getOrDefault(m.span().file(), Path.of(""));
        List<Setting> trainOverrides = new ArrayList<>();
        overrides.forEach((k, e) -> {
            if (TrainCatalog.KEYS.contains(k)) {
                trainOverrides.add(new Setting(k, e, e.span(), e.span()));
            }
        });
        TrainConfig train = new TrainChecker(evaluator, reporter, baseDir).check(m.trainBlocks(), trainOverrides);
        train = applyOptimizerOverrides(train, overrides, m);
        checkDecay(train, m, overrides);
        if (!(body instanceof Value.StackV stack) || reporter.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        return new GraphBuilder(reporter).build(m.name(), m.nameSpan(), stack.items(), train);
    }

    private TrainConfig applyOptimizerOverrides(TrainConfig train, Map<String, Expr> overrides, ModelDecl m) {
        Set<String> modelParams = new TreeSet<>();
        m.params().forEach(p -> modelParams.add(p.name()));
        OptimizerSpec opt = train.optimizer();
        ScheduleSpec schedule = train.schedule();
        Signature sig = TrainCatalog.OPTIMIZERS.get(opt.name());
        for (Map.Entry<String, Expr> e : overrides.entrySet()) {
            String key = e.getKey();
            if (modelParams.contains(key) || TrainCatalog.KEYS.contains(key)) {
                continue;
            }
            Optional<ArgSpec> spec = sig.params().stream().filter(p -> p.name().equals(key)).findFirst();
            Signature schedSig = TrainCatalog.SCHEDULES.get(schedule.name());
            Optional<ArgSpec> schedArg = schedSig.params().stream().filter(p -> p.name().equals(key)).findFirst();
            if (spec.isEmpty() && schedArg.isPresent()) { // --set warmup=3 reaches cosine(warmup = ...)
                Value v = evaluator.eval(e.getValue(), Map.of());
                if (Binder.check("'" + key + "' of " + schedule.name(), schedArg.get(), v, e.getValue().span(),
                        reporter)) {
                    schedule = schedule.with(key, v.isNumber() ? (Object) v.asDouble()
                            : v instanceof Value.SymbolV w ? w.name() : ((Value.StringV) v).value());
                }
                continue;
            }
            if (spec.isEmpty()) {
                Set<String> known = new TreeSet<>(modelParams);
                known.addAll(TrainCatalog.KEYS);
                known.addAll(sig.names());
                known.addAll(schedSig.names());
                // positioned on the value (a --set key has no span of its own): a hint, but no fix to apply there
                String hint = DidYouMean.hint(key, known);
                reporter.error("unknown-setting", e.getValue().span(), (OPTIMIZER_KEYS.contains(key)
                                ? opt.name() + " has no hyperparameter '" + key + "'" : "unknown setting '" + key + "'"),
                        hint != null ? hint : "settable: " + String.join(", ", known));
                continue;
            }
            Value v = evaluator.eval(e.getValue(), Map.of());
            if (Binder.check("'" + key + "' of " + opt.name(), spec.get(), v, e.getValue().span(), reporter)) {
                opt = opt.with(key, v.asDouble());
            }
        }
        TrainConfig out = train.withOptimizer(opt);
        return schedule.equals(train.schedule()) ? out : out.withSchedule(schedule);
    }

    /**
     * {@code l2} adds {@code l2·W} to the gradient, which AdamW would then divide by its {@code sqrt(v)}; AdamW's
     * {@code weightDecay} is the decoupled decay meant instead. Both at once is a mistake (docs/training.md#adamw).
     */
    private void checkDecay(TrainConfig train, ModelDecl m, Map<String, Expr> overrides) {
        if (!train.optimizer().name().equals("adamw") || train.optimizer().get("weightDecay") == 0 || train.l2() == 0) {
            return;
        }
        SourceSpan at = overrides.containsKey("l2") ? overrides.get("l2").span()
                : m.trainBlocks().stream().flatMap(b -> b.settings().stream()).filter(s -> s.key().equals("l2"))
                .map(Setting::keySpan).findFirst().orElse(m.nameSpan());
        reporter.error("conflicting-settings", at, "l2 = " + plain(train.l2()) + " and adamw's weightDecay = "
                        + plain(train.optimizer().get("weightDecay")) + " both decay the weights",
                "use adamw's decoupled weightDecay alone (l2 = 0), or adam with l2");
    }

    private static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    /**
     * The keys {@code --set} accepts for {@code m} whatever its optimizer: its parameters, the train keys and
     * every optimizer's hyperparameters (a sweep may vary the optimizer; each trial's compile checks the fit).
     */
    private static Set<String> settableKeys(ModelDecl m) {
        Set<String> keys = new java.util.LinkedHashSet<>();
        m.params().forEach(p -> keys.add(p.name()));
        keys.addAll(TrainCatalog.KEYS);
        TrainCatalog.OPTIMIZERS.values().forEach(sig -> keys.addAll(sig.names()));
        TrainCatalog.SCHEDULES.values().forEach(sig -> keys.addAll(sig.names()));
        return keys;
    }

    private Map<String, Expr> parseOverrides(Map<String, String> overrides) {
        Map<String, Expr> out = new LinkedHashMap<>();
        overrides.forEach((k, v) -> {
            List<dev.nnc.diag.Diagnostic> errors = new ArrayList<>();
            SourceText text = new SourceText("--set " + k, v);
            SourceParser.parseExpression(text, errors).ifPresent(e -> out.put(k, e));
            reporter.addAll(errors);
        });
        return out;
    }

    /** Parameter types and defaults of every fun of the main file, called or not (bodies need arguments). */
    private void checkFunSignatures() {
        for (Decl d : program.globals().values()) {
            if (d instanceof FunDecl f && f.span().file().equals(program.mainFile())) {
                evaluator.signature(f);
            }
        }
    }

    private void checkUnusedVals() {
        Set<String> used = Set.copyOf(evaluator.usedGlobals());
        for (Decl d : program.globals().values()) {
            if (d instanceof ValDecl v && v.span().file().equals(program.mainFile()) && !used.contains(v.name())) {
                evaluator.eval(v.value(), Map.of()); // still report its errors
                reporter.warning("unused-val", v.nameSpan(), "val '" + v.name() + "' is never used", null);
            }
        }
    }
}
