package dev.nnc.semantic;

import dev.nnc.diag.SourceSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds call arguments to a {@link Signature}, Kotlin style: positional first, then by name; defaults fill
 * the rest. Reports every problem of the call (unknown name with did-you-mean, duplicates, too many, missing,
 * wrong type, out of range) and returns the bound values only when there was none.
 */
final class Binder {

    /** An evaluated argument. */
    record Actual(Optional<String> name, Value value, SourceSpan span, SourceSpan nameSpan) {
    }

    private Binder() {
    }

    static Optional<Map<String, Value>> bind(Signature sig, List<Actual> args, SourceSpan callSpan, Reporter r) {
        Map<String, Value> bound = new LinkedHashMap<>();
        boolean ok = true;
        boolean seenNamed = false;
        int position = 0;
        for (Actual a : args) {
            ArgSpec spec;
            if (a.name().isPresent()) {
                seenNamed = true;
                String n = a.name().get();
                spec = sig.params().stream().filter(p -> p.name().equals(n)).findFirst().orElse(null);
                if (spec == null) {
                    r.unknown("unknown-argument", a.nameSpan(), sig.name() + " has no argument '" + n + "'", n,
                            sig.names(), "usage: " + sig.usage());
                    ok = false;
                    continue;
                }
            } else {
                if (seenNamed) {
                    r.error("positional-after-named", a.span(), "positional argument after a named one",
                            "name it, or move it before the named arguments");
                    ok = false;
                    continue;
                }
                if (position >= sig.params().size()) {
                    int n = sig.params().size();
                    r.error("too-many-arguments", a.span(), sig.name() + " takes " + n
                            + (n == 1 ? " argument" : " arguments") + ", but got " + args.size(),
                            "usage: " + sig.usage());
                    ok = false;
                    continue;
                }
                spec = sig.params().get(position++);
            }
            if (bound.containsKey(spec.name())) {
                r.error("duplicate-argument", a.name().isPresent() ? a.nameSpan() : a.span(), "argument '" + spec.name() + "' of " + sig.name()
                        + " is given twice");
                ok = false;
                continue;
            }
            bound.put(spec.name(), a.value());
            ok &= check("'" + spec.name() + "' of " + sig.name(), spec, a.value(), a.span(), r);
        }
        for (ArgSpec spec : sig.params()) {
            if (!bound.containsKey(spec.name())) {
                if (spec.defaultValue().isPresent()) {
                    bound.put(spec.name(), spec.defaultValue().get());
                } else {
                    r.error("missing-argument", callSpan, sig.name() + " needs an argument '" + spec.name() + "'",
                            "usage: " + sig.usage());
                    ok = false;
                }
            }
        }
        return ok ? Optional.of(bound) : Optional.empty();
    }

    /** Type and range of one argument; {@code subject} names it in messages ("'units' of affine"). */
    static boolean check(String subject, ArgSpec spec, Value v, SourceSpan at, Reporter r) {
        if (v instanceof Value.Error) {
            return false;
        }
        if (!spec.type().accepts(v)) {
            String got = v instanceof Value.StackV ? v.show() : v.typeName() + " " + v.show();
            r.error("type-mismatch", at, subject + " must be "
                    + article(spec.type().display()) + ", but got " + got);
            return false;
        }
        if (v instanceof Value.IntV i && spec.type() == ArgType.INT && i.value() > Integer.MAX_VALUE) {
            r.error("out-of-range", at, subject + " must be at most "
                    + Integer.MAX_VALUE + ", but got " + i.value());
            return false;
        }
        Optional<String> complaint = spec.check().apply(v);
        if (complaint.isPresent()) {
            r.error("out-of-range", at, subject + " " + complaint.get()
                    + ", but got " + v.show());
            return false;
        }
        return true;
    }

    static String article(String typeName) {
        return ("AEIOUaeiou".indexOf(typeName.charAt(0)) >= 0 ? "an " : "a ") + typeName;
    }
}
