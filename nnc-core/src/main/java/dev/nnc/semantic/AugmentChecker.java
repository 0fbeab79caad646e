package dev.nnc.semantic;

import dev.nnc.diag.SourceSpan;
import dev.nnc.graph.AugmentSpec;
import dev.nnc.syntax.ast.Arg;
import dev.nnc.syntax.ast.Binary;
import dev.nnc.syntax.ast.BoolLit;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.NameRef;
import dev.nnc.syntax.ast.Setting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code augment = rotate(20) - shift(0.2) - flip}: transforms chained with {@code -} like layers, each a call
 * (or a bare name when every argument has a default) of {@link TrainCatalog#AUGMENTS}; {@code false} turns
 * augmentation off (for {@code --set augment=false}).
 */
final class AugmentChecker {

    private AugmentChecker() {
    }

    static AugmentSpec check(Setting s, Evaluator evaluator, Reporter reporter) {
        if (s.value() instanceof BoolLit b && !b.value()) {
            return AugmentSpec.NONE;
        }
        List<Expr> terms = new ArrayList<>();
        flatten(s.value(), terms);
        List<AugmentSpec.Op> ops = new ArrayList<>();
        boolean ok = true;
        for (Expr e : terms) {
            Optional<AugmentSpec.Op> op = op(e, evaluator, reporter);
            ok &= op.isPresent();
            op.ifPresent(ops::add);
        }
        return ok ? new AugmentSpec(ops) : AugmentSpec.NONE;
    }

    private static void flatten(Expr e, List<Expr> out) {
        if (e instanceof Binary b && b.op() == Binary.Op.SUB) {
            flatten(b.left(), out);
            flatten(b.right(), out);
        } else {
            out.add(e);
        }
    }

    private static Optional<AugmentSpec.Op> op(Expr e, Evaluator evaluator, Reporter reporter) {
        String name = e instanceof Call c ? c.name() : e instanceof NameRef n ? n.name() : null;
        List<Arg> args = e instanceof Call c ? c.args() : List.of();
        Signature sig = name == null ? null : TrainCatalog.AUGMENTS.get(name);
        if (sig == null) {
            SourceSpan at = e instanceof Call c ? c.nameSpan() : e.span();
            reporter.unknown("unknown-augment", at, "'augment' takes transforms chained with '-': "
                    + String.join(", ", TrainCatalog.AUGMENTS.keySet())
                    + (name == null ? "" : "; '" + name + "' is not one"), name == null ? "" : name,
                    name == null ? List.of() : TrainCatalog.AUGMENTS.keySet(), null);
            return Optional.empty();
        }
        return Binder.bind(sig, evaluator.actuals(args, Map.of()), e.span(), reporter).map(bound -> {
            Map<String, Double> values = new LinkedHashMap<>();
            bound.forEach((k, v) -> values.put(k, v.asDouble()));
            return new AugmentSpec.Op(name, values);
        });
    }
}
