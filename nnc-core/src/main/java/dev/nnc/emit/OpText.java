package dev.nnc.emit;

import dev.nnc.graph.Init;
import dev.nnc.graph.Node;
import dev.nnc.semantic.ArgSpec;
import dev.nnc.semantic.LayerCatalog;
import dev.nnc.semantic.LayerDef;
import dev.nnc.semantic.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's operator as a call that could be pasted back into a .nn file: required arguments by position,
 * optional ones by name when they differ from the default: {@code affine(100)}, {@code conv(16, 3, pad = 1)},
 * {@code dropout(p = 0.1)}, {@code batchnorm}, {@code relu}. The input node shows its shape: {@code input(1, 28, 28)}.
 */
public final class OpText {

    private OpText() {
    }

    public static String of(Node node) {
        if (node.op().equals("input")) {
            return "input" + node.shape();
        }
        Optional<LayerDef> def = LayerCatalog.lookup(node.op());
        Map<String, Object> args = node.args().values();
        List<String> parts = new ArrayList<>();
        if (def.isPresent()) {
            List<ArgSpec> params = def.get().signature().params();
            for (int i = 0; i < params.size(); i++) {
                ArgSpec p = params.get(i);
                Object v = args.get(p.name());
                if (v == null) {
                    continue;
                }
                if (p.defaultValue().isEmpty()) {
                    parts.add(show(v));
                } else if (!v.equals(defaultOf(p, args))) {
                    parts.add(p.name() + " = " + show(v));
                }
            }
        } else { // branch, add and anything the catalogue does not define: every argument by name
            args.forEach((k, v) -> parts.add(k + " = " + show(v)));
        }
        return parts.isEmpty() ? node.op() : node.op() + "(" + String.join(", ", parts) + ")";
    }

    /** The resolved default, as LayerCatalog.resolveArgs fills it in (a pooling stride of 0 means the size). */
    private static Object defaultOf(ArgSpec p, Map<String, Object> args) {
        Value d = p.defaultValue().orElseThrow();
        if (d instanceof Value.IntV i) {
            return p.name().equals("stride") && i.value() == 0 ? args.get("size") : (Object) (int) i.value();
        } else if (d instanceof Value.DoubleV x) {
            return x.value();
        } else if (d instanceof Value.BoolV b) {
            return b.value();
        } else if (d instanceof Value.InitV in) {
            return in.init();
        }
        return d instanceof Value.StringV s ? s.value() : d.show();
    }

    static String show(Object v) {
        if (v instanceof Double d) {
            return Format.real(d);
        } else if (v instanceof Init i) {
            return i.describe();
        } else if (v instanceof String s) {
            return '"' + s + '"';
        }
        return String.valueOf(v);
    }
}
