package dev.nnc.semantic;

import static dev.nnc.semantic.ArgSpec.atLeast;
import static dev.nnc.semantic.ArgSpec.halfOpen;
import static dev.nnc.semantic.ArgSpec.nonNegative;
import static dev.nnc.semantic.ArgSpec.optional;
import static dev.nnc.semantic.ArgSpec.positive;
import static dev.nnc.semantic.ArgSpec.required;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vocabulary of the {@code train { }} block (docs/language.md §5): data sets, optimizers, early stopping and
 * the scalar keys, with their types, defaults and ranges. The optimizers and data kinds are those of the
 * runtime's registries, in the same order (CatalogConsistencyTest; CONTRIBUTING.md).
 */
final class TrainCatalog {

    static final Map<String, Signature> DATA = new LinkedHashMap<>();
    static final Map<String, Signature> OPTIMIZERS = new LinkedHashMap<>();
    static final Signature EARLY_STOP = Signature.of("earlyStop",
            optional("patience", ArgType.INT, new Value.IntV(3)).checked(atLeast(1)));
    /** The scalar keys; data, optimizer and earlyStop are handled by their catalogues. */
    static final Map<String, ArgSpec> SCALARS = new LinkedHashMap<>();
    static final List<String> KEYS = List.of("data", "optimizer", "epochs", "batchSize", "lrDecay", "l2", "seed",
            "precision", "keepBest", "earlyStop", "augment", "schedule", "labelSmoothing");
    /** The learning-rate schedules of {@code schedule = ...} (docs/training.md#schedules), in the runtime's order. */
    static final Map<String, Signature> SCHEDULES = new LinkedHashMap<>();
    /** The transforms of {@code augment = a - b - c} (docs/training.md), applied to training batches only. */
    static final Map<String, Signature> AUGMENTS = new LinkedHashMap<>();

    private static final Value NONE = new Value.StringV("");

    static {
        ArgSpec normalize = optional("normalize", ArgType.STRING, new Value.StringV("mean"))
                .checked(ArgSpec.oneOf(List.of("mean", "channel", "standardize", "none")));
        ArgSpec validation5000 = optional("validation", ArgType.COUNT_OR_FRACTION, new Value.IntV(5000))
                .checked(TrainCatalog::validation);
        data("fashionMnist", validation5000, normalize);
        data("mnist", required("dir", ArgType.STRING), validation5000, normalize);
        data("idx", required("images", ArgType.STRING), required("labels", ArgType.STRING),
                optional("testImages", ArgType.STRING, NONE), optional("testLabels", ArgType.STRING, NONE),
                optional("validation", ArgType.COUNT_OR_FRACTION, new Value.IntV(0)).checked(TrainCatalog::validation),
                normalize);
        data("cifar10", required("dir", ArgType.STRING), validation5000, normalize);
        data("csv", required("path", ArgType.STRING), optional("label", ArgType.STRING, new Value.StringV("label")),
                optional("test", ArgType.STRING, NONE),
                optional("validation", ArgType.COUNT_OR_FRACTION, new Value.DoubleV(0.1))
                        .checked(TrainCatalog::validation), normalize);
        data("images", required("dir", ArgType.STRING), optional("size", ArgType.INT_PAIR, NONE)
                        .checked(v -> TrainCatalog.isNone(v) || ((Value.ListV) v).items().stream()
                                .allMatch(x -> ((Value.IntV) x).value() >= 1 && ((Value.IntV) x).value() <= 4096)
                                ? Optional.empty() : Optional.of("must be two sizes in 1..4096")),
                optional("color", ArgType.WORD, new Value.SymbolV("rgb"))
                        .checked(ArgSpec.oneOf(List.of("rgb", "grey", "gray"))),
                optional("test", ArgType.STRING, NONE),
                optional("validation", ArgType.COUNT_OR_FRACTION, new Value.DoubleV(0.1))
                        .checked(TrainCatalog::validation),
                optional("normalize", ArgType.STRING, new Value.StringV("none"))
                        .checked(ArgSpec.oneOf(List.of("mean", "channel", "standardize", "none"))));

        augment("rescale", required("factor", ArgType.DOUBLE).checked(positive()));
        augment("rotate", required("degrees", ArgType.DOUBLE).checked(ArgSpec.open(0, 180.000001)));
        augment("shift", required("fraction", ArgType.DOUBLE).checked(ArgSpec.open(0, 1)));
        augment("widthShift", required("fraction", ArgType.DOUBLE).checked(ArgSpec.open(0, 1)));
        augment("heightShift", required("fraction", ArgType.DOUBLE).checked(ArgSpec.open(0, 1)));
        augment("shear", required("degrees", ArgType.DOUBLE).checked(ArgSpec.open(0, 90)));
        augment("zoom", required("range", ArgType.DOUBLE).checked(ArgSpec.open(0, 1)));
        augment("flip", optional("p", ArgType.DOUBLE, new Value.DoubleV(0.5)).checked(ArgSpec.open(0, 1.000001)));
        augment("crop", optional("pad", ArgType.INT, new Value.IntV(4)).checked(atLeast(1)));
        augment("erase", optional("p", ArgType.DOUBLE, new Value.DoubleV(0.5)).checked(ArgSpec.open(0, 1.000001)),
                optional("area", ArgType.DOUBLE, new Value.DoubleV(0.25)).checked(ArgSpec.open(0.02, 1)));

        optimizer("sgd", lr(1e-2));
        optimizer("momentum", lr(1e-2), fraction("mu", 0.9));
        optimizer("nesterov", lr(1e-2), fraction("mu", 0.9));
        optimizer("adagrad", lr(1e-2), eps());
        optimizer("rmsprop", lr(1e-2), fraction("decay", 0.99), eps());
        optimizer("adam", lr(1e-3), fraction("beta1", 0.9), fraction("beta2", 0.999), eps());
        optimizer("adamw", lr(1e-3), fraction("beta1", 0.9), fraction("beta2", 0.999), eps(),
                optional("weightDecay", ArgType.DOUBLE, new Value.DoubleV(1e-2)).checked(nonNegative()));

        schedule("constant");
        schedule("step", optional("every", ArgType.INT, new Value.IntV(10)).checked(atLeast(1)),
                optional("factor", ArgType.DOUBLE, new Value.DoubleV(0.1)).checked(ArgSpec.open(0, 1)));
        schedule("exponential", optional("rate", ArgType.DOUBLE, new Value.DoubleV(0.95)).checked(positive()));
        schedule("cosine", optional("warmup", ArgType.DOUBLE, new Value.IntV(0)).checked(nonNegative()),
                optional("minLr", ArgType.DOUBLE, new Value.DoubleV(0.0)).checked(nonNegative()));
        schedule("oneCycle", optional("pctStart", ArgType.DOUBLE, new Value.DoubleV(0.3)).checked(ArgSpec.open(0, 1)),
                optional("div", ArgType.DOUBLE, new Value.DoubleV(25.0)).checked(atLeastOne()),
                optional("finalDiv", ArgType.DOUBLE, new Value.DoubleV(1e4)).checked(atLeastOne()));
        schedule("reduceOnPlateau", optional("monitor", ArgType.WORD, new Value.SymbolV("valLoss"))
                        .checked(ArgSpec.oneOf(List.of("valLoss", "valAcc"))),
                optional("patience", ArgType.INT, new Value.IntV(5)).checked(atLeast(1)),
                optional("factor", ArgType.DOUBLE, new Value.DoubleV(0.1)).checked(ArgSpec.open(0, 1)),
                optional("minLr", ArgType.DOUBLE, new Value.DoubleV(0.0)).checked(nonNegative()));

        scalar(optional("epochs", ArgType.INT, new Value.IntV(10)).checked(atLeast(1)));
        scalar(optional("batchSize", ArgType.INT, new Value.IntV(100)).checked(atLeast(1)));
        scalar(optional("lrDecay", ArgType.DOUBLE, new Value.DoubleV(1.0)).checked(positive()));
        scalar(optional("l2", ArgType.DOUBLE, new Value.DoubleV(0.0)).checked(nonNegative()));
        scalar(optional("seed", ArgType.INT, NONE).checked(nonNegative()));
        scalar(optional("precision", ArgType.WORD, new Value.SymbolV("float32"))
                .checked(ArgSpec.oneOf(List.of("float32", "float64"))));
        scalar(optional("keepBest", ArgType.BOOL, new Value.BoolV(true)));
        scalar(optional("labelSmoothing", ArgType.DOUBLE, new Value.DoubleV(0.0)).checked(halfOpen(0, 1)));
    }

    private TrainCatalog() {
    }

    static boolean isNone(Value v) {
        return v.equals(NONE);
    }

    private static void data(String name, ArgSpec... args) {
        DATA.put(name, new Signature(name, List.of(args)));
    }

    private static void augment(String name, ArgSpec... args) {
        AUGMENTS.put(name, new Signature(name, List.of(args)));
    }

    private static void optimizer(String name, ArgSpec... args) {
        OPTIMIZERS.put(name, new Signature(name, List.of(args)));
    }

    private static void schedule(String name, ArgSpec... args) {
        SCHEDULES.put(name, new Signature(name, List.of(args)));
    }

    private static java.util.function.Function<Value, Optional<String>> atLeastOne() {
        return v -> v.asDouble() >= 1 ? Optional.empty() : Optional.of("must be at least 1");
    }

    private static void scalar(ArgSpec spec) {
        SCALARS.put(spec.name(), spec);
    }

    private static ArgSpec lr(double dflt) {
        return optional("lr", ArgType.DOUBLE, new Value.DoubleV(dflt)).checked(positive());
    }

    private static ArgSpec eps() {
        return optional("eps", ArgType.DOUBLE, new Value.DoubleV(1e-8)).checked(positive());
    }

    private static ArgSpec fraction(String name, double dflt) {
        return optional(name, ArgType.DOUBLE, new Value.DoubleV(dflt)).checked(halfOpen(0, 1));
    }

    private static Optional<String> validation(Value v) {
        if (v instanceof Value.IntV i) {
            return i.value() >= 0 ? Optional.empty() : Optional.of("must not be negative");
        }
        double f = v.asDouble();
        return f > 0 && f < 1 ? Optional.empty() : Optional.of("must be a count (Int) or a fraction in (0, 1)");
    }
}
