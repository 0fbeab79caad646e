package dev.nnc.semantic;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.syntax.ast.Arg;
import dev.nnc.syntax.ast.Binary;
import dev.nnc.syntax.ast.Block;
import dev.nnc.syntax.ast.BoolLit;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Decl;
import dev.nnc.syntax.ast.DoubleLit;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.FunDecl;
import dev.nnc.syntax.ast.IntLit;
import dev.nnc.syntax.ast.ListLit;
import dev.nnc.syntax.ast.NameRef;
import dev.nnc.syntax.ast.Negate;
import dev.nnc.syntax.ast.Param;
import dev.nnc.syntax.ast.Repeat;
import dev.nnc.syntax.ast.Residual;
import dev.nnc.syntax.ast.StringLit;
import dev.nnc.syntax.ast.ValDecl;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates expressions to {@link Value}s: arithmetic, names, {@code fun} calls (with recursion reported,
 * not followed), layers (arguments bound and checked), repetition and residual blocks. Stacks are capped at
 * {@link #MAX_NODES} before they are built, so {@code relu x 1000000000} costs nothing.
 */
final class Evaluator {

    /** The most nodes one model may lower to. */
    static final long MAX_NODES = 10_000;

    private final Program program;
    private final Reporter reporter;
    private final Map<String, Value> valCache = new HashMap<>();
    private final Deque<String> valsInProgress = new ArrayDeque<>();
    private final Set<String> usedGlobals = new HashSet<>();
    private final Deque<String> calls = new ArrayDeque<>();

    Evaluator(Program program, Reporter reporter) {
        this.program = program;
        this.reporter = reporter;
    }

    Set<String> usedGlobals() {
        return usedGlobals;
    }

    Value eval(Expr e, Map<String, Value> locals) {
        if (e instanceof IntLit i) {
            return new Value.IntV(i.value());
        } else if (e instanceof DoubleLit d) {
            return new Value.DoubleV(d.value());
        } else if (e instanceof StringLit s) {
            return new Value.StringV(s.value());
        } else if (e instanceof BoolLit b) {
            return new Value.BoolV(b.value());
        } else if (e instanceof NameRef n) {
            return name(n, locals);
        } else if (e instanceof Call c) {
            return call(c, locals);
        } else if (e instanceof Binary b) {
            return binary(b, locals);
        } else if (e instanceof Negate n) {
            return negate(n, locals);
        } else if (e instanceof Repeat r) {
            return repeat(r, locals);
        } else if (e instanceof Block b) {
            return chainLines(b.lines(), locals);
        } else if (e instanceof ListLit l) {
            List<Value> items = new ArrayList<>();
            for (Expr item : l.items()) {
                Value v = eval(item, locals);
                if (v instanceof Value.Error) {
                    return v;
                }
                items.add(v);
            }
            return new Value.ListV(items);
        }
        Residual r = (Residual) e;
        Value body = chainLines(r.body().lines(), locals);
        if (body instanceof Value.StackV s) {
            if (s.items().isEmpty()) {
                reporter.error("empty-residual", r.span(), "residual block is empty", "put at least one layer in it");
                return Value.ERROR;
            }
            return new Value.StackV(List.of(new StackItem.Residual(s.items(), r.span())));
        }
        return Value.ERROR;
    }

    /** Lines chained with an implicit '-': every line must be a stack. */
    Value chainLines(List<Expr> lines, Map<String, Value> locals) {
        List<StackItem> items = new ArrayList<>();
        boolean ok = true;
        for (Expr line : lines) {
            Value v = eval(line, locals);
            if (v instanceof Value.StackV s) {
                if (items.size() + s.nodeCount() > MAX_NODES) {
                    tooLarge(line.span(), items.size() + s.nodeCount());
                    return Value.ERROR;
                }
                items.addAll(s.items());
            } else if (!(v instanceof Value.Error)) {
                String hint = line instanceof Negate ? "a line cannot start with '-': end the previous line with '-'"
                        + " to continue it, or drop the '-' (lines are chained anyway)" : null;
                reporter.error("not-a-layer", line.span(), "expected a layer or a stack, but this is "
                        + Binder.article(v.typeName()) + " (" + v.show() + ")", hint);
                ok = false;
            } else {
                ok = false;
            }
        }
        return ok ? new Value.StackV(items) : Value.ERROR;
    }

    private Value name(NameRef n, Map<String, Value> locals) {
        Value local = locals.get(n.name());
        if (local != null) {
            return local;
        }
        Decl d = program.globals().get(n.name());
        if (d instanceof ValDecl v) {
            return val(v);
        } else if (d instanceof FunDecl f) {
            return callFun(f, List.of(), n.span(), locals);
        }
        Optional<LayerDef> layer = LayerCatalog.lookup(n.name());
        if (layer.isPresent()) {
            return layer(layer.get(), List.of(), n.span(), locals);
        }
        if (n.name().equals("input")) {
            reporter.error("missing-argument", n.span(), "input needs its shape", "write input(D) or input(C, H, W)");
            return Value.ERROR;
        }
        Optional<Value> builtin = Builtins.symbol(n.name());
        if (builtin.isPresent()) {
            return builtin.get();
        }
        Set<String> known = new TreeSet<>(locals.keySet());
        known.addAll(program.globals().keySet());
        known.addAll(LayerCatalog.names());
        known.addAll(Builtins.SYMBOLS);
        Optional<String> near = DidYouMean.nearest(n.name(), known);
        boolean layerLike = near.map(LayerCatalog.names()::contains).orElse(false);
        Diagnostic unknown = Diagnostic.error(layerLike ? "unknown-layer" : "unknown-name", n.span(),
                (layerLike ? "unknown layer '" : "unknown name '") + n.name() + "'");
        reporter.report(near.map(s -> DidYouMean.withFix(unknown, s)).orElse(unknown));
        return Value.ERROR;
    }

    private Value val(ValDecl v) {
        usedGlobals.add(v.name());
        Value cached = valCache.get(v.name());
        if (cached != null) {
            return cached;
        }
        if (valsInProgress.contains(v.name())) {
            List<String> chain = new ArrayList<>(valsInProgress);
            java.util.Collections.reverse(chain);
            chain = chain.subList(chain.indexOf(v.name()), chain.size());
            reporter.error("cyclic-val", v.nameSpan(), "val '" + v.name() + "' is defined in terms of itself: "
                    + String.join(" -> ", chain) + " -> " + v.name());
            return Value.ERROR;
        }
        valsInProgress.push(v.name());
        Value value = eval(v.value(), Map.of());
        valsInProgress.pop();
        valCache.put(v.name(), value);
        return value;
    }

    private Value call(Call c, Map<String, Value> locals) {
        if (locals.containsKey(c.name())) {
            reporter.error("not-callable", c.nameSpan(), "'" + c.name() + "' is a parameter, not a layer or fun");
            return Value.ERROR;
        }
        Decl d = program.globals().get(c.name());
        if (d instanceof FunDecl f) {
            return callFun(f, c.args(), c.span(), locals);
        } else if (d instanceof ValDecl v) {
            reporter.error("not-callable", c.nameSpan(), "'" + c.name() + "' is a val, not a layer or fun",
                    "drop the parentheses: " + c.name());
            usedGlobals.add(v.name());
            return Value.ERROR;
        }
        if (c.name().equals("input")) {
            return input(c, locals);
        }
        Optional<LayerDef> layer = LayerCatalog.lookup(c.name());
        if (layer.isPresent()) {
            return layer(layer.get(), c.args(), c.span(), locals);
        }
        if (c.name().equals("normal")) {
            return Builtins.normal(this, c, locals, reporter);
        }
        Set<String> known = new TreeSet<>(LayerCatalog.names());
        program.globals().forEach((k, v) -> {
            if (v instanceof FunDecl) {
                known.add(k);
            }
        });
        reporter.unknown("unknown-layer", c.nameSpan(), "unknown layer '" + c.name() + "'", c.name(), known, null);
        return Value.ERROR;
    }

    List<Binder.Actual> actuals(List<Arg> args, Map<String, Value> locals) {
        List<Binder.Actual> out = new ArrayList<>(args.size());
        for (Arg a : args) {
            SourceSpan nameSpan = a.name().isPresent()
                    ? new SourceSpan(a.span().file(), a.span().line(), a.span().column(), a.span().line(),
                    a.span().column() + a.name().get().length())
                    : a.span();
            out.add(new Binder.Actual(a.name(), eval(a.value(), locals), a.value().span(), nameSpan));
        }
        return out;
    }

    private Value layer(LayerDef def, List<Arg> args, SourceSpan span, Map<String, Value> locals) {
        Optional<Map<String, Value>> bound = Binder.bind(def.signature(), actuals(args, locals), span, reporter);
        if (bound.isEmpty()) {
            return Value.ERROR;
        }
        return new Value.StackV(List.of(new StackItem.Layer(def, LayerCatalog.resolveArgs(def, bound.get()),
                text(span, def.name()), span)));
    }

    private Value input(Call c, Map<String, Value> locals) {
        List<Integer> dims = new ArrayList<>();
        boolean ok = true;
        for (Binder.Actual a : actuals(c.args(), locals)) {
            if (a.name().isPresent()) {
                reporter.error("unknown-argument", a.nameSpan(), "input takes its dimensions by position",
                        "write input(C, H, W) or input(D)");
                ok = false;
            } else if (!(a.value() instanceof Value.IntV i)) {
                if (!(a.value() instanceof Value.Error)) {
                    reporter.error("type-mismatch", a.span(), "a dimension of input must be an Int, but got "
                            + a.value().typeName() + " " + a.value().show());
                }
                ok = false;
            } else if (i.value() < 1 || i.value() > (1 << 24)) {
                reporter.error("out-of-range", a.span(), "a dimension of input must be between 1 and " + (1 << 24)
                        + ", but got " + i.value());
                ok = false;
            } else {
                dims.add((int) i.value());
            }
        }
        if (ok && dims.size() != 1 && dims.size() != 3) {
            reporter.error("input-rank", c.span(), "input takes (D) or (C, H, W), but got " + dims.size()
                    + (dims.size() == 1 ? " dimension" : " dimensions"), dims.size() == 2
                    ? "for a single-channel image write input(1, H, W)" : null);
            ok = false;
        }
        if (!ok) {
            return Value.ERROR;
        }
        return new Value.StackV(List.of(new StackItem.Layer(LayerCatalog.INPUT, Map.of("shape", dims),
                text(c.span(), "input"), c.span())));
    }

    private Value callFun(FunDecl f, List<Arg> args, SourceSpan span, Map<String, Value> callerLocals) {
        usedGlobals.add(f.name());
        if (calls.contains(f.name())) {
            List<String> chain = new ArrayList<>(calls);
            java.util.Collections.reverse(chain);
            chain = chain.subList(chain.indexOf(f.name()), chain.size());
            reporter.error("recursion", span, "recursive call: " + String.join(" -> ", chain) + " -> " + f.name(),
                    "a fun cannot call itself, directly or through others; use x N or repeat(N) to repeat a block");
            return Value.ERROR;
        }
        Optional<Signature> sig = signature(f);
        if (sig.isEmpty()) {
            return Value.ERROR;
        }
        Optional<Map<String, Value>> bound = Binder.bind(sig.get(), actuals(args, callerLocals), span, reporter);
        if (bound.isEmpty()) {
            return Value.ERROR;
        }
        calls.push(f.name());
        try {
            return eval(f.body(), bound.get());
        } finally {
            calls.pop();
        }
    }

    private final Map<String, Optional<Signature>> funSignatures = new HashMap<>();

    /** A fun's parameters with their declared types; defaults are evaluated once, in the global scope. */
    Optional<Signature> signature(FunDecl f) {
        return funSignatures.computeIfAbsent(f.name(), k -> paramsSignature(f.name(), f.params()));
    }

    Optional<Signature> paramsSignature(String name, List<Param> params) {
        List<ArgSpec> specs = new ArrayList<>();
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (Param p : params) {
            if (!seen.add(p.name())) {
                reporter.error("duplicate-parameter", p.span(), "parameter '" + p.name() + "' is declared twice");
                ok = false;
                continue;
            }
            Optional<ArgType> type = ArgType.ofDeclared(p.type());
            if (type.isEmpty()) {
                reporter.unknown("unknown-type", p.typeSpan(), "unknown type '" + p.type() + "'", p.type(),
                        ArgType.DECLARABLE, "the types are " + String.join(", ", ArgType.DECLARABLE));
                ok = false;
                continue;
            }
            Optional<Value> dflt = p.defaultValue().map(e -> eval(e, Map.of()));
            if (dflt.isPresent() && !(dflt.get() instanceof Value.Error) && !type.get().accepts(dflt.get())) {
                reporter.error("type-mismatch", p.defaultValue().get().span(), "default of '" + p.name() + "' must be "
                        + Binder.article(type.get().display()) + ", but got " + dflt.get().typeName() + " "
                        + dflt.get().show());
                ok = false;
            }
            specs.add(new ArgSpec(p.name(), type.get(), dflt, v -> Optional.empty()));
        }
        return ok ? Optional.of(new Signature(name, specs)) : Optional.empty();
    }

    /**
     * A chain {@code a - b - c ...} (or {@code 1 + 2 + 3 ...}) is a left-deep tree. Its spine is walked in a loop,
     * left to right as the recursion did, so a 100,000-term chain neither recurses that deep nor copies the
     * growing stack at each step: stacks chained in a row are appended to one list.
     */
    private Value binary(Binary b, Map<String, Value> locals) {
        Deque<Binary> spine = new ArrayDeque<>();
        Expr e = b;
        while (e instanceof Binary x) {
            spine.push(x);
            e = x.left();
        }
        Value acc = eval(e, locals);
        List<StackItem> chain = null; // while not null, acc is the stack of these items
        long chainNodes = 0;
        while (!spine.isEmpty()) {
            Binary x = spine.pop();
            Value r = eval(x.right(), locals);
            if (x.op() == Binary.Op.SUB && r instanceof Value.StackV rs && (chain != null || acc instanceof Value.StackV)) {
                if (chain == null) {
                    chain = new ArrayList<>(((Value.StackV) acc).items());
                    chainNodes = ((Value.StackV) acc).nodeCount();
                }
                chainNodes += rs.nodeCount();
                if (chainNodes > MAX_NODES) {
                    tooLarge(x.span(), chainNodes);
                    chain = null;
                    acc = Value.ERROR;
                } else {
                    chain.addAll(rs.items());
                }
                continue;
            }
            if (chain != null) {
                acc = new Value.StackV(chain);
                chain = null;
            }
            acc = combine(x, acc, r);
        }
        return chain != null ? new Value.StackV(chain) : acc;
    }

    private Value combine(Binary b, Value l, Value r) {
        if (l instanceof Value.Error || r instanceof Value.Error) {
            return Value.ERROR;
        }
        if (b.op() == Binary.Op.SUB && l instanceof Value.StackV ls && r instanceof Value.StackV rs) {
            long n = ls.nodeCount() + rs.nodeCount();
            if (n > MAX_NODES) {
                tooLarge(b.span(), n);
                return Value.ERROR;
            }
            List<StackItem> items = new ArrayList<>(ls.items());
            items.addAll(rs.items());
            return new Value.StackV(items);
        }
        if (l.isNumber() && r.isNumber()) {
            return Arithmetic.apply(b, l, r, reporter);
        }
        String hint = null;
        if (b.op() == Binary.Op.SUB && (l instanceof Value.StackV) != (r instanceof Value.StackV)
                && !(b.left() instanceof Repeat && r.isNumber())) {
            // A stack chained to something else: point at the something else.
            Value other = l instanceof Value.StackV ? r : l;
            Expr at = l instanceof Value.StackV ? b.right() : b.left();
            reporter.error("not-a-layer", at.span(), "only layers can be chained with '-', but this is "
                    + Binder.article(other.typeName()) + " (" + other.show() + ")", endsWithRepeat(b.left())
                    && r.isNumber() ? "x binds tighter than '-': to repeat n - 1 times, write x (n - 1)" : null);
            return Value.ERROR;
        }
        if (endsWithRepeat(b.left()) && r.isNumber()) {
            hint = "x binds tighter than arithmetic: to repeat n " + b.op().symbol() + " 1 times, write x (n "
                    + b.op().symbol() + " 1)";
        } else if (l instanceof Value.StackV && r instanceof Value.StackV) {
            hint = "layers are chained with '-'";
        }
        reporter.error("bad-operands", b.opSpan(), "cannot apply '" + b.op().symbol() + "' to "
                + Binder.article(l.typeName()) + " and " + Binder.article(r.typeName()), hint);
        return Value.ERROR;
    }

    /** Whether the rightmost operand of a chain is {@code <...> x n}, as in {@code a - <b> x n - 1}. */
    private static boolean endsWithRepeat(Expr e) {
        return e instanceof Repeat || e instanceof Binary b && endsWithRepeat(b.right());
    }

    private Value negate(Negate n, Map<String, Value> locals) {
        Value v = eval(n.operand(), locals);
        if (v instanceof Value.IntV i) {
            if (i.value() == Long.MIN_VALUE) {
                reporter.error("overflow", n.span(), "integer overflow in -(" + i.value() + ")");
                return Value.ERROR;
            }
            return new Value.IntV(-i.value());
        } else if (v instanceof Value.DoubleV d) {
            return new Value.DoubleV(-d.value());
        } else if (v instanceof Value.Error) {
            return v;
        }
        reporter.error("bad-operands", n.span(), "cannot negate " + Binder.article(v.typeName()),
                v instanceof Value.StackV ? "a line cannot start with '-': end the previous line with '-' to continue"
                        + " it, or drop the '-' (lines are chained anyway)" : null);
        return Value.ERROR;
    }

    private Value repeat(Repeat r, Map<String, Value> locals) {
        Value count = eval(r.count(), locals);
        Value body = eval(r.body(), locals);
        if (count instanceof Value.Error || body instanceof Value.Error) {
            return Value.ERROR;
        }
        if (!(count instanceof Value.IntV n)) {
            reporter.error("type-mismatch", r.count().span(), "a repeat count must be an Int, but got "
                    + count.typeName() + " " + count.show());
            return Value.ERROR;
        }
        if (n.value() < 1) {
            reporter.error("out-of-range", r.count().span(), "a repeat count must be at least 1, but got " + n.value());
            return Value.ERROR;
        }
        if (!(body instanceof Value.StackV s)) {
            reporter.error("not-a-layer", r.body().span(), "only layers can be repeated, but this is "
                    + Binder.article(body.typeName()) + " (" + body.show() + ")");
            return Value.ERROR;
        }
        long total = Math.multiplyHigh(n.value(), s.nodeCount()) != 0 ? -1 : n.value() * s.nodeCount();
        if (total > MAX_NODES || total < 0) {
            tooLarge(r.span(), total);
            return Value.ERROR;
        }
        List<StackItem> items = new ArrayList<>();
        for (long i = 0; i < n.value(); i++) {
            items.addAll(s.items());
        }
        return new Value.StackV(items);
    }

    private void tooLarge(SourceSpan at, long nodes) {
        reporter.error("too-many-layers", at, "this expands to " + (nodes >= 0 ? String.format("%,d", nodes)
                : "more than " + String.format("%,d", Long.MAX_VALUE)) + " layers; a model may have at most "
                + String.format("%,d", MAX_NODES));
    }

    /** The source text of a one-line span ({@code affine(10)}), or {@code fallback}. */
    String text(SourceSpan span, String fallback) {
        SourceText src = program.sources().get(span.file());
        if (src == null || span.endLine() != span.line() || span.endColumn() - span.column() > 40) {
            return fallback;
        }
        String t = src.slice(span.line(), span.column(), span.endColumn());
        return t.isEmpty() ? fallback : t;
    }
}
