package dev.nnc.semantic;

import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.sweep.Dimension;
import dev.nnc.sweep.SweepSpec;
import dev.nnc.sweep.Trials;
import dev.nnc.syntax.ast.Arg;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.NameRef;
import dev.nnc.syntax.ast.Setting;
import dev.nnc.syntax.ast.SweepBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checks a model's {@code sweep { }} block (docs/sweep.md) into a {@link SweepSpec}: the study keys
 * ({@code method}, {@code trials}, {@code seed}, {@code metric}) and one dimension per settable key. Whether
 * each trial's values fit their key is checked later, by compiling every trial (the API's Sweep.plan).
 */
final class SweepChecker {

    /** The keys that describe the study rather than a dimension. */
    static final List<String> STUDY_KEYS = List.of("method", "trials", "seed", "metric", "prune");
    static final List<String> DISTRIBUTIONS = List.of("choice", "uniform", "loguniform", "intRange");

    private final Evaluator evaluator;
    private final Reporter reporter;
    private final Map<String, SourceText> sources;

    SweepChecker(Evaluator evaluator, Reporter reporter, Map<String, SourceText> sources) {
        this.evaluator = evaluator;
        this.reporter = reporter;
        this.sources = sources;
    }

    /**
     * @param settable the keys {@code --set} accepts for this model, in the order a hint lists them
     */
    Optional<SweepSpec> check(List<SweepBlock> blocks, Set<String> settable) {
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        for (int i = 1; i < blocks.size(); i++) {
            reporter.error("duplicate-sweep", blocks.get(i).span(), "a model has one sweep block",
                    "merge the settings into the first one");
        }
        SweepBlock block = blocks.get(0);
        int errorsBefore = reporter.errorCount();
        Map<String, Setting> seen = new LinkedHashMap<>();
        List<Dimension> dims = new ArrayList<>();
        Setting method = null;
        OptionalInt trials = OptionalInt.empty();
        OptionalLong seed = OptionalLong.empty();
        SweepSpec.Metric metric = SweepSpec.Metric.VAL_ACC;
        Optional<SweepSpec.Prune> prune = Optional.empty();
        for (Setting s : block.settings()) {
            Setting prev = seen.putIfAbsent(s.key(), s);
            if (prev != null) {
                reporter.error("duplicate-setting", s.keySpan(), "'" + s.key() + "' is already set at " + prev.keySpan());
                continue;
            }
            switch (s.key()) {
                case "method" -> method = word(s, List.of("grid", "random")) ? s : method;
                case "trials" -> trials = integer(s, 1, Trials.MAX_TRIALS)
                        .map(v -> OptionalInt.of(v.intValue())).orElse(OptionalInt.empty());
                case "seed" -> seed = integer(s, 0, Long.MAX_VALUE).map(OptionalLong::of).orElse(OptionalLong.empty());
                case "metric" -> {
                    if (word(s, List.of("valAcc", "valLoss"))) {
                        metric = ((NameRef) s.value()).name().equals("valLoss") ? SweepSpec.Metric.VAL_LOSS
                                : SweepSpec.Metric.VAL_ACC;
                    }
                }
                case "prune" -> prune = prune(s);
                default -> dimension(s, settable).ifPresent(dims::add);
            }
        }
        if (reporter.errorCount() > errorsBefore) {
            return Optional.empty();
        }
        if (dims.isEmpty()) {
            reporter.error("empty-sweep", block.span(), "the sweep block ranges over no key",
                    "add one, e.g. lr = loguniform(1e-4, 1e-1)");
            return Optional.empty();
        }
        boolean random = method != null && ((NameRef) method.value()).name().equals("random");
        if (!random) {
            for (Dimension d : dims) {
                if (d instanceof Dimension.Uniform u) {
                    reporter.error("no-grid", d.keySpan(), "'" + d.key() + "' is drawn from a continuous range, "
                            + "which a grid cannot enumerate", "use choice(...) for a grid, or method = random");
                }
            }
            if (trials.isPresent()) {
                reporter.error("grid-trials", seen.get("trials").keySpan(), "a grid runs every combination; "
                        + "trials = N is for method = random", "remove trials, or add method = random");
            }
            if (reporter.errorCount() > errorsBefore) {
                return Optional.empty();
            }
            long size = Trials.gridSize(dims);
            if (size < 0) {
                reporter.error("grid-too-large", block.span(), "the grid has more than " + Trials.MAX_TRIALS
                        + " combinations", "narrow the ranges, or use method = random with trials = N");
                return Optional.empty();
            }
            return Optional.of(new SweepSpec(dims, SweepSpec.Method.GRID, (int) size, seed, metric, block.span(),
                    prune));
        }
        if (trials.isEmpty()) {
            reporter.error("missing-trials", method.keySpan(), "a random search needs the number of trials",
                    "add trials = 20 (say) to the sweep block");
            return Optional.empty();
        }
        return Optional.of(new SweepSpec(dims, SweepSpec.Method.RANDOM, trials.getAsInt(), seed, metric, block.span(),
                prune));
    }

    /** {@code prune = asha(grace = G, factor = F)}: G ≥ 1 epochs, F ≥ 2; both optional (1 and 3). */
    private Optional<SweepSpec.Prune> prune(Setting s) {
        if (!(s.value() instanceof Call c) || !c.name().equals("asha")) {
            reporter.error("bad-value", s.value().span(), "'prune' must be asha(grace = G, factor = F)",
                    "the only pruner is ASHA: prune = asha(grace = 1, factor = 3)");
            return Optional.empty();
        }
        List<String> names = List.of("grace", "factor");
        Map<String, Long> values = new LinkedHashMap<>(Map.of("grace", 1L, "factor", 3L));
        int errors = reporter.errorCount();
        for (int i = 0; i < c.args().size(); i++) {
            Arg a = c.args().get(i);
            String name = a.name().orElse(i < names.size() ? names.get(i) : null);
            if (name == null || !names.contains(name)) {
                String hint = "metric".equals(name) ? "ASHA ranks trials by the sweep block's own metric: set "
                        + "metric = valAcc or valLoss in the block" : name == null ? null : DidYouMean.hint(name, names);
                reporter.error("unknown-argument", a.span(), name == null ? "asha(...) takes two values: grace and "
                        + "factor" : "asha(...) has no argument '" + name + "'; it takes grace and factor", hint);
                continue;
            }
            Optional<Long> v = intValue(a.value());
            long min = name.equals("grace") ? 1 : 2;
            if (v.isPresent() && (v.get() < min || v.get() > Integer.MAX_VALUE)) {
                reporter.error("out-of-range", a.value().span(), name.equals("grace")
                        ? "grace = " + v.get() + ": a trial trains at least one epoch before it can be pruned"
                        : "factor = " + v.get() + ": each rung keeps 1/factor of the trials, so factor must be 2 or "
                        + "more", name.equals("grace") ? "grace = 1" : "factor = 3");
            } else {
                v.ifPresent(x -> values.put(name, x));
            }
        }
        if (reporter.errorCount() > errors) {
            return Optional.empty();
        }
        return Optional.of(new SweepSpec.Prune(new dev.nnc.sweep.Asha.Config(values.get("grace").intValue(),
                values.get("factor").intValue()), s.value().span()));
    }

    private Optional<Dimension> dimension(Setting s, Set<String> settable) {
        if (!settable.contains(s.key())) {
            List<String> known = new ArrayList<>(STUDY_KEYS);
            known.addAll(settable);
            String hint = DidYouMean.hint(s.key(), known);
            reporter.error("unknown-setting", s.keySpan(), "unknown sweep key '" + s.key() + "': a sweep ranges over "
                    + "the keys --set accepts", hint != null ? hint : "settable: " + String.join(", ", known));
            return Optional.empty();
        }
        if (!(s.value() instanceof Call c) || !DISTRIBUTIONS.contains(c.name())) {
            SourceSpan at = s.value() instanceof Call c ? c.nameSpan() : s.value().span();
            String name = s.value() instanceof Call c ? c.name() : null;
            String hint = name == null ? null : DidYouMean.hint(name, DISTRIBUTIONS);
            reporter.error("not-a-range", at, "'" + s.key() + "' must range over values: "
                    + String.join(", ", DISTRIBUTIONS.stream().map(d -> d + "(...)").toList()),
                    hint != null ? hint : "for one value, set it in the train block or with --set");
            return Optional.empty();
        }
        for (Arg a : c.args()) {
            if (a.name().isPresent()) {
                reporter.error("named-argument", a.span(), c.name() + "(...) takes its values by position");
                return Optional.empty();
            }
        }
        List<Expr> args = c.args().stream().map(Arg::value).toList();
        if (c.name().equals("choice")) {
            if (args.isEmpty()) {
                reporter.error("empty-choice", c.span(), "choice() needs at least one value");
                return Optional.empty();
            }
            return Optional.of(new Dimension.Choice(s.key(), args.stream().map(this::text).toList(),
                    args.stream().map(Expr::span).toList(), s.keySpan()));
        }
        if (args.size() != 2) {
            reporter.error("wrong-arguments", c.span(), c.name() + "(low, high) takes two values, not "
                    + args.size());
            return Optional.empty();
        }
        if (c.name().equals("intRange")) {
            Optional<Long> lo = intValue(args.get(0));
            Optional<Long> hi = intValue(args.get(1));
            if (lo.isEmpty() || hi.isEmpty()) {
                return Optional.empty();
            }
            if (lo.get() > hi.get()) {
                reporter.error("empty-range", c.span(), "intRange(" + lo.get() + ", " + hi.get() + ") is empty",
                        "the low end comes first; both ends are included");
                return Optional.empty();
            }
            return Optional.of(new Dimension.IntRange(s.key(), lo.get(), hi.get(), s.keySpan()));
        }
        Optional<Double> lo = number(args.get(0));
        Optional<Double> hi = number(args.get(1));
        if (lo.isEmpty() || hi.isEmpty()) {
            return Optional.empty();
        }
        boolean log = c.name().equals("loguniform");
        if (!(lo.get() < hi.get()) || log && !(lo.get() > 0)) {
            reporter.error("empty-range", c.span(), c.name() + "(" + lo.get() + ", " + hi.get() + ") is not a range",
                    log ? "loguniform needs 0 < low < high" : "uniform needs low < high");
            return Optional.empty();
        }
        return Optional.of(new Dimension.Uniform(s.key(), lo.get(), hi.get(), log, s.keySpan()));
    }

    private boolean word(Setting s, List<String> allowed) {
        if (s.value() instanceof NameRef n && allowed.contains(n.name())) {
            return true;
        }
        String got = s.value() instanceof NameRef n ? n.name() : null;
        String hint = got == null ? null : DidYouMean.hint(got, allowed);
        reporter.error("bad-value", s.value().span(), "'" + s.key() + "' must be " + String.join(" or ", allowed),
                hint);
        return false;
    }

    private Optional<Long> integer(Setting s, long min, long max) {
        Optional<Long> v = intValue(s.value());
        if (v.isPresent() && (v.get() < min || v.get() > max)) {
            reporter.error("out-of-range", s.value().span(), "'" + s.key() + "' must be in " + min + ".."
                    + max + ", not " + v.get());
            return Optional.empty();
        }
        return v;
    }

    private Optional<Long> intValue(Expr e) {
        Value v = evaluator.eval(e, Map.of());
        if (v instanceof Value.IntV i) {
            return Optional.of(i.value());
        }
        if (!(v instanceof Value.Error)) {
            reporter.error("type-mismatch", e.span(), "expected an integer here");
        }
        return Optional.empty();
    }

    private Optional<Double> number(Expr e) {
        Value v = evaluator.eval(e, Map.of());
        if (v instanceof Value.IntV || v instanceof Value.DoubleV) {
            return Optional.of(v.asDouble());
        }
        if (!(v instanceof Value.Error)) {
            reporter.error("type-mismatch", e.span(), "expected a number here");
        }
        return Optional.empty();
    }

    /** The value as written, which becomes a trial's {@code --set key=value}. */
    private String text(Expr e) {
        SourceSpan sp = e.span();
        SourceText src = sources.get(sp.file());
        if (src == null) {
            return "";
        }
        if (sp.line() == sp.endLine()) {
            return src.slice(sp.line(), sp.column(), sp.endColumn());
        }
        StringBuilder sb = new StringBuilder(src.line(sp.line()).substring(sp.column() - 1));
        for (int n = sp.line() + 1; n < sp.endLine(); n++) {
            sb.append(' ').append(src.line(n).strip());
        }
        return sb.append(' ').append(src.slice(sp.endLine(), 1, sp.endColumn()).strip()).toString();
    }
}
