package dev.nnc.semantic;

import dev.nnc.diag.SourceSpan;
import dev.nnc.graph.DataSpec;
import dev.nnc.graph.OptimizerSpec;
import dev.nnc.graph.ScheduleSpec;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.TrainConfig;
import dev.nnc.syntax.ast.Arg;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.NameRef;
import dev.nnc.syntax.ast.Setting;
import dev.nnc.syntax.ast.TrainBlock;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Checks a model's {@code train { }} block, plus the command line's overrides (which replace the file's
 * settings key by key), and resolves it to a {@link TrainConfig} with every default filled in.
 */
final class TrainChecker {

    private final Evaluator evaluator;
    private final Reporter reporter;
    private final Path baseDir;

    TrainChecker(Evaluator evaluator, Reporter reporter, Path baseDir) {
        this.evaluator = evaluator;
        this.reporter = reporter;
        this.baseDir = baseDir;
    }

    TrainConfig check(List<TrainBlock> blocks, List<Setting> overrides) {
        for (int i = 1; i < blocks.size(); i++) {
            reporter.error("duplicate-train", blocks.get(i).span(), "a model has one train block",
                    "merge the settings into the first one");
        }
        Map<String, Setting> settings = new LinkedHashMap<>();
        if (!blocks.isEmpty()) {
            for (Setting s : blocks.get(0).settings()) {
                Setting prev = settings.putIfAbsent(s.key(), s);
                if (prev != null) {
                    reporter.error("duplicate-setting", s.keySpan(), "'" + s.key() + "' is already set at "
                            + prev.keySpan());
                }
            }
        }
        overrides.forEach(s -> settings.put(s.key(), s));
        // lrDecay = d is shorthand for schedule = exponential(rate = d): one of them, or a --set of one replaces the
        // file's other
        Setting decay = settings.get("lrDecay");
        Setting sched = settings.get("schedule");
        if (decay != null && sched != null) {
            boolean decayOverride = overrides.contains(decay);
            boolean schedOverride = overrides.contains(sched);
            if (decayOverride == schedOverride) {
                reporter.error("conflicting-settings", sched.keySpan(), "'schedule' and 'lrDecay' both set the "
                        + "learning rate", "lrDecay = d is schedule = exponential(rate = d); keep one of them");
            }
            settings.remove(schedOverride && !decayOverride ? "lrDecay" : "schedule");
        }

        TrainConfig config = TrainConfig.defaults();
        Optional<DataSpec> data = Optional.empty();
        OptimizerSpec optimizer = config.optimizer();
        Map<String, Value> scalars = new LinkedHashMap<>();
        OptionalInt earlyStop = OptionalInt.empty();
        ScheduleSpec schedule = ScheduleSpec.CONSTANT;
        dev.nnc.graph.AugmentSpec augment = dev.nnc.graph.AugmentSpec.NONE;
        for (Setting s : settings.values()) {
            switch (s.key()) {
                // paths in a --set/--data value are relative to the working directory, like any shell argument
                case "data" -> data = call(s, TrainCatalog.DATA, "a data set").map(b -> overrides.contains(s)
                        ? dataSpec(b.name, b.args, Path.of("").toAbsolutePath(), false)
                        : dataSpec(b.name, b.args, baseDir, true));
                case "optimizer" -> optimizer = call(s, TrainCatalog.OPTIMIZERS, "an optimizer")
                        .map(TrainChecker::optimizerSpec).orElse(optimizer);
                case "earlyStop" -> earlyStop = earlyStop(s);
                case "schedule" -> schedule = call(s, TrainCatalog.SCHEDULES, "a learning-rate schedule")
                        .map(TrainChecker::scheduleSpec).orElse(schedule);
                case "augment" -> augment = AugmentChecker.check(s, evaluator, reporter);
                default -> {
                    ArgSpec spec = TrainCatalog.SCALARS.get(s.key());
                    if (spec == null) {
                        reporter.unknown("unknown-setting", s.keySpan(), "unknown train setting '" + s.key() + "'",
                                s.key(), TrainCatalog.KEYS, "the settings are " + String.join(", ", TrainCatalog.KEYS));
                        continue;
                    }
                    Value v = evaluator.eval(s.value(), Map.of());
                    if (Binder.check("train setting '" + s.key() + "'", spec, v, s.value().span(), reporter)) {
                        scalars.put(s.key(), v);
                    }
                }
            }
        }
        Setting scheduleSetting = settings.get("schedule");
        long epochs = intOr(scalars, "epochs", config.epochs());
        if (scheduleSetting != null && schedule.name().equals("cosine") && schedule.get("warmup") >= epochs) {
            reporter.error("bad-argument", scheduleSetting.value().span(), "cosine: warmup = "
                    + schedule.shown("warmup") + " epochs leaves none of the " + epochs + " epochs to anneal",
                    "make warmup smaller than epochs");
        }
        return new TrainConfig(data, optimizer,
                (int) intOr(scalars, "epochs", config.epochs()),
                (int) intOr(scalars, "batchSize", config.batchSize()),
                doubleOr(scalars, "lrDecay", config.lrDecay()),
                doubleOr(scalars, "l2", config.l2()),
                scalars.containsKey("seed") ? OptionalLong.of(((Value.IntV) scalars.get("seed")).value())
                        : OptionalLong.empty(),
                scalars.containsKey("precision") ? Precision.parse(word(scalars.get("precision"))).orElseThrow()
                        : config.precision(),
                scalars.containsKey("keepBest") ? ((Value.BoolV) scalars.get("keepBest")).value() : config.keepBest(),
                earlyStop, augment, schedule, doubleOr(scalars, "labelSmoothing", config.labelSmoothing()));
    }

    private record Bound(String name, Map<String, Value> args) {
    }

    /** {@code key = name(args)} or {@code key = name} against a catalogue of signatures. */
    private Optional<Bound> call(Setting s, Map<String, Signature> catalogue, String what) {
        Expr e = s.value();
        String name = e instanceof Call c ? c.name() : e instanceof NameRef n ? n.name() : null;
        List<Arg> args = e instanceof Call c ? c.args() : List.of();
        Signature sig = name == null ? null : catalogue.get(name);
        if (sig == null) {
            SourceSpan at = e instanceof Call c ? c.nameSpan() : e.span();
            reporter.unknown("unknown-" + s.key(), at, "'" + s.key() + "' must be " + what + ": "
                            + String.join(", ", catalogue.keySet()) + (name == null ? "" : "; '" + name + "' is not one"),
                    name == null ? "" : name, name == null ? List.of() : catalogue.keySet(), null);
            return Optional.empty();
        }
        return Binder.bind(sig, evaluator.actuals(args, Map.of()), e.span(), reporter).map(b -> new Bound(name, b));
    }

    private static DataSpec dataSpec(String kind, Map<String, Value> args, Path baseDir, boolean confined) {
        Map<String, Object> out = new LinkedHashMap<>();
        args.forEach((k, v) -> {
            if (!TrainCatalog.isNone(v)) {
                out.put(k, v instanceof Value.IntV i ? (Object) (int) i.value()
                        : v instanceof Value.DoubleV d ? (Object) d.value()
                        : v instanceof Value.BoolV b ? (Object) b.value()
                        : v instanceof Value.ListV l ? (Object) l.items().stream()
                                .map(x -> (int) ((Value.IntV) x).value()).toList()
                        : v instanceof Value.SymbolV w ? (Object) w.name()
                        : ((Value.StringV) v).value());
            }
        });
        return new DataSpec(kind, out, baseDir, confined);
    }

    private static OptimizerSpec optimizerSpec(Bound b) {
        Map<String, Double> hyper = new LinkedHashMap<>();
        b.args.forEach((k, v) -> hyper.put(k, v.asDouble()));
        return new OptimizerSpec(b.name, hyper);
    }

    static ScheduleSpec scheduleSpec(Bound b) {
        Map<String, Object> args = new LinkedHashMap<>();
        b.args.forEach((k, v) -> args.put(k, v.isNumber() ? (Object) v.asDouble() : word(v)));
        return new ScheduleSpec(b.name, args);
    }

    private OptionalInt earlyStop(Setting s) {
        if (s.value() instanceof dev.nnc.syntax.ast.BoolLit b && !b.value()) {
            return OptionalInt.empty();
        }
        return call(s, Map.of("earlyStop", TrainCatalog.EARLY_STOP), "earlyStop(patience = N) or false")
                .map(b -> OptionalInt.of((int) ((Value.IntV) b.args.get("patience")).value()))
                .orElse(OptionalInt.empty());
    }

    private static long intOr(Map<String, Value> m, String key, long dflt) {
        return m.containsKey(key) ? ((Value.IntV) m.get(key)).value() : dflt;
    }

    private static double doubleOr(Map<String, Value> m, String key, double dflt) {
        return m.containsKey(key) ? m.get(key).asDouble() : dflt;
    }

    private static String word(Value v) {
        return v instanceof Value.SymbolV s ? s.name() : ((Value.StringV) v).value();
    }
}
