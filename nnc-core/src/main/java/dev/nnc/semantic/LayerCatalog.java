package dev.nnc.semantic;

import static dev.nnc.semantic.ArgSpec.atLeast;
import static dev.nnc.semantic.ArgSpec.halfOpen;
import static dev.nnc.semantic.ArgSpec.nonNegative;
import static dev.nnc.semantic.ArgSpec.optional;
import static dev.nnc.semantic.ArgSpec.positive;
import static dev.nnc.semantic.ArgSpec.required;

import dev.nnc.graph.Init;
import dev.nnc.graph.ParamRole;
import dev.nnc.graph.ParamSpec;
import dev.nnc.graph.Shape;
import dev.nnc.semantic.LayerDef.Inferred;
import dev.nnc.semantic.LayerDef.ShapeException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The layer catalogue of docs/language.md §4: signatures and shape rules. To add a layer, add a definition
 * here and an operator registered under the same name in the ops registry (CONTRIBUTING.md).
 */
public final class LayerCatalog {

    private static final Map<String, LayerDef> BY_NAME = new LinkedHashMap<>();

    static {
        Value he = new Value.InitV(Init.HE);
        add("affine", List.of("dense", "linear"), false, LayerCatalog::affine,
                required("units", ArgType.INT).checked(atLeast(1)), optional("init", ArgType.INIT, he),
                optional("bias", ArgType.BOOL, new Value.BoolV(true)));
        add("conv", List.of("conv2d"), false, LayerCatalog::conv,
                required("filters", ArgType.INT).checked(atLeast(1)), required("size", ArgType.INT).checked(atLeast(1)),
                optional("stride", ArgType.INT, new Value.IntV(1)).checked(atLeast(1)),
                optional("pad", ArgType.INT, new Value.IntV(0)).checked(nonNegative()), optional("init", ArgType.INIT, he));
        for (String pool : List.of("maxpool", "avgpool")) {
            // stride 0 stands for "the window size", the documented default
            add(pool, List.of(), false, LayerCatalog::pool,
                    optional("size", ArgType.INT, new Value.IntV(2)).checked(atLeast(1)),
                    optional("stride", ArgType.INT, new Value.IntV(0)).checked(atLeast(1)));
        }
        add("flatten", List.of(), false, (in, p, a, n) -> new Inferred(Shape.of(size(in, n)), List.of(), 0));
        for (String act : List.of("relu", "sigmoid", "tanh", "identity")) {
            add(act, List.of(), false, LayerCatalog::elementwise);
        }
        add("leakyRelu", List.of(), false, LayerCatalog::elementwise,
                optional("alpha", ArgType.DOUBLE, new Value.DoubleV(0.01)).checked(nonNegative()));
        add("batchnorm", List.of(), false, LayerCatalog::batchnorm,
                optional("momentum", ArgType.DOUBLE, new Value.DoubleV(0.9)).checked(halfOpen(0, 1)),
                optional("eps", ArgType.DOUBLE, new Value.DoubleV(1e-5)).checked(positive()));
        add("layernorm", List.of(), false, LayerCatalog::layernorm,
                optional("eps", ArgType.DOUBLE, new Value.DoubleV(1e-5)).checked(positive()));
        add("dropout", List.of(), false, LayerCatalog::elementwise,
                optional("p", ArgType.DOUBLE, new Value.DoubleV(0.5)).checked(halfOpen(0, 1)));
        add("softmax", List.of(), true, LayerCatalog::classifier);
        add("svm", List.of(), true, LayerCatalog::classifier,
                optional("margin", ArgType.DOUBLE, new Value.DoubleV(1.0)).checked(positive()));
        add("mse", List.of(), true, LayerCatalog::elementwise);
    }

    /** {@code input(C, H, W)} or {@code input(D)}: its arguments are checked by the evaluator, not a signature. */
    public static final LayerDef INPUT = new LayerDef("input", List.of(), Signature.of("input"), false,
            (in, p, a, n) -> new Inferred(in, List.of(), 0));

    /**
     * Bound argument values to the Java values a {@link dev.nnc.graph.LayerArgs} holds (Integer, Double,
     * Boolean, String, Init), resolving defaults that depend on other arguments (pooling stride = size).
     */
    public static Map<String, Object> resolveArgs(LayerDef def, Map<String, Value> bound) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ArgSpec spec : def.signature().params()) {
            Value v = bound.get(spec.name());
            out.put(spec.name(), switch (spec.type()) {
                case INT -> (int) ((Value.IntV) v).value();
                case DOUBLE -> v.asDouble();
                case BOOL -> ((Value.BoolV) v).value();
                case INIT -> ((Value.InitV) v).init();
                default -> v instanceof Value.StringV s ? s.value() : v.show();
            });
        }
        if (out.get("stride") instanceof Integer s && s == 0) {
            out.put("stride", out.get("size"));
        }
        return out;
    }

    /** The most elements one tensor may have: Java arrays are indexed by int. */
    public static final long MAX_TENSOR = Integer.MAX_VALUE - 8;

    private LayerCatalog() {
    }

    private static void add(String name, List<String> aliases, boolean loss, LayerDef.ShapeRule rule, ArgSpec... args) {
        LayerDef def = new LayerDef(name, aliases, new Signature(name, List.of(args)), loss, rule);
        BY_NAME.put(name, def);
        aliases.forEach(a -> BY_NAME.put(a, def));
    }

    public static Optional<LayerDef> lookup(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every name a layer can be written as, aliases included. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /** The canonical layers, one per definition. */
    public static List<LayerDef> layers() {
        return BY_NAME.values().stream().distinct().toList();
    }

    // ---- shape rules: (input shape, text of the producing layer, args, node name) -> output, params, flops

    private static Inferred affine(Shape in, String producer, Map<String, Object> a, String node) throws ShapeException {
        int units = (Integer) a.get("units");
        long d = in.size();
        List<ParamSpec> params = new ArrayList<>();
        params.add(param(node + ".W", (Init) a.get("init"), ParamRole.WEIGHT, d, units, d, units));
        if ((Boolean) a.get("bias")) {
            params.add(param(node + ".b", Init.ZEROS, ParamRole.BIAS, 1, 1, units));
        }
        return new Inferred(Shape.of(units), params, 2 * d * units);
    }

    private static Inferred conv(Shape in, String producer, Map<String, Object> a, String node) throws ShapeException {
        requireImage("conv", in, producer);
        int f = (Integer) a.get("filters");
        int k = (Integer) a.get("size");
        int stride = (Integer) a.get("stride");
        int pad = (Integer) a.get("pad");
        int c = in.dim(0);
        int h = in.dim(1) + 2 * pad;
        int w = in.dim(2) + 2 * pad;
        if (k > h || k > w) {
            throw new ShapeException("conv kernel " + k + "x" + k + " is larger than its input " + h + "x" + w
                    + (pad > 0 ? " (with padding " + pad + ")" : ""), "use a smaller size or more padding");
        }
        int oh = (h - k) / stride + 1;
        int ow = (w - k) / stride + 1;
        long fanIn = (long) c * k * k;
        List<ParamSpec> params = List.of(
                param(node + ".W", (Init) a.get("init"), ParamRole.WEIGHT, fanIn, (long) f * k * k, f, c, k, k),
                param(node + ".b", Init.ZEROS, ParamRole.BIAS, 1, 1, f));
        Shape out = Shape.of(f, oh, ow);
        return new Inferred(out, params, 2 * fanIn * out.size());
    }

    private static Inferred pool(Shape in, String producer, Map<String, Object> a, String node) throws ShapeException {
        requireImage("pooling", in, producer);
        int size = (Integer) a.get("size");
        int stride = (Integer) a.get("stride");
        if (size > in.dim(1) || size > in.dim(2)) {
            throw new ShapeException("pooling window " + size + "x" + size + " is larger than its input "
                    + in.dim(1) + "x" + in.dim(2), "use a smaller size");
        }
        Shape out = Shape.of(in.dim(0), (in.dim(1) - size) / stride + 1, (in.dim(2) - size) / stride + 1);
        return new Inferred(out, List.of(), out.size() * size * size);
    }

    private static Inferred elementwise(Shape in, String producer, Map<String, Object> a, String node) {
        return new Inferred(in, List.of(), in.size());
    }

    private static Inferred batchnorm(Shape in, String producer, Map<String, Object> a, String node)
            throws ShapeException {
        if (in.rank() != 1 && in.rank() != 3) {
            throw new ShapeException("batchnorm needs (D) or (C, H, W) input, but " + producer + " outputs " + in,
                    null);
        }
        int features = in.dim(0);
        return new Inferred(in, List.of(
                param(node + ".gamma", Init.ONES, ParamRole.SCALE, 1, 1, features),
                param(node + ".beta", Init.ZEROS, ParamRole.SCALE, 1, 1, features),
                param(node + ".running_mean", Init.ZEROS, ParamRole.STATE, 1, 1, features),
                param(node + ".running_var", Init.ONES, ParamRole.STATE, 1, 1, features)), 4 * in.size());
    }

    private static Inferred layernorm(Shape in, String producer, Map<String, Object> a, String node)
            throws ShapeException {
        int d = size(in, node);
        return new Inferred(in, List.of(
                param(node + ".gamma", Init.ONES, ParamRole.SCALE, 1, 1, d),
                param(node + ".beta", Init.ZEROS, ParamRole.SCALE, 1, 1, d)), 5 * in.size());
    }

    private static Inferred classifier(Shape in, String producer, Map<String, Object> a, String node)
            throws ShapeException {
        if (in.rank() != 1) {
            throw new ShapeException("a classifier needs a vector of class scores, but " + producer + " outputs "
                    + in, "insert affine(classes) before it");
        }
        if (in.dim(0) < 2) {
            throw new ShapeException("a classifier needs at least 2 classes, but " + producer + " outputs " + in,
                    null);
        }
        return new Inferred(in, List.of(), 3 * in.size());
    }

    private static void requireImage(String what, Shape in, String producer) throws ShapeException {
        if (in.rank() != 3) {
            throw new ShapeException(what + " needs (C, H, W) input, but " + producer + " outputs " + in,
                    in.rank() == 1 ? "conv and pooling go before flatten and affine layers" : null);
        }
    }

    private static int size(Shape in, String node) throws ShapeException {
        if (in.size() > MAX_TENSOR) {
            throw new ShapeException(node + " would hold " + (in.size() == Long.MAX_VALUE ? "more than 2^63"
                    : String.valueOf(in.size())) + " elements per example", null);
        }
        return (int) in.size();
    }

    private static ParamSpec param(String name, Init init, ParamRole role, long fanIn, long fanOut, long... dims)
            throws ShapeException {
        long n = 1;
        boolean overflow = false;
        for (long d : dims) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                overflow = true;
            }
        }
        if (overflow || n > MAX_TENSOR) {
            throw new ShapeException(name + " would have " + (overflow ? "more than 2^63" : String.format("%,d", n))
                    + " elements; one tensor holds at most " + String.format("%,d", MAX_TENSOR),
                    "use fewer units or filters, or pool before this layer");
        }
        int[] dd = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            dd[i] = (int) dims[i];
        }
        return new ParamSpec(name, Shape.of(dd), init, role, (int) Math.min(Integer.MAX_VALUE, fanIn),
                (int) Math.min(Integer.MAX_VALUE, fanOut));
    }
}
