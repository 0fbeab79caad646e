package dev.nnc.lsp;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Fix;
import dev.nnc.diag.SourceSpan;
import dev.nnc.api.SourceLayout;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamSpec;
import dev.nnc.graph.Shape;
import dev.nnc.semantic.ArgSpec;
import dev.nnc.semantic.Catalogs;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.semantic.LayerDef;
import dev.nnc.semantic.Signature;
import dev.nnc.syntax.antlr.NnLexer;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Decl;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.FunDecl;
import dev.nnc.syntax.ast.ModelDecl;
import dev.nnc.syntax.ast.NameRef;
import dev.nnc.syntax.ast.Param;
import dev.nnc.syntax.ast.Repeat;
import dev.nnc.syntax.ast.ValDecl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.FoldingRange;
import org.eclipse.lsp4j.FoldingRangeKind;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintKind;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.ParameterInformation;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** The language features, each a pure function of an {@link Analysis} (and the cursor). */
final class Features {

    /** Which inlay hints to show; each kind can be switched off in the client's settings. */
    record HintSettings(boolean shapes, boolean blocks, boolean costs) {
        static final HintSettings ALL = new HintSettings(true, true, true);
    }

    static final String ARROW = "\u25B8"; // ▸

    private Features() {
    }

    // ---- inlay hints ----------------------------------------------------------------------------------

    static List<InlayHint> inlayHints(Analysis a, Range range, HintSettings settings) {
        List<InlayHint> out = new ArrayList<>();
        if (a.ast.isEmpty()) {
            return out;
        }
        if (settings.shapes()) {
            // After each catalogue layer written in this file: its output shape (every expansion's, if they differ).
            for (Decl d : a.ast.get().decls()) {
                forEachExpr(d, e -> {
                    List<Node> nodes = a.nodesBySpan.get(e.span());
                    if ((e instanceof Call || e instanceof NameRef) && nodes != null) {
                        out.add(hint(Ranges.end(e.span()), ARROW + " " + shapes(nodes), InlayHintKind.Type));
                    }
                });
            }
        }
        if (settings.blocks()) {
            // After each element that is not a single layer (a fun call, a repeat, a residual): its output shape.
            for (Analysis.Element el : a.elements) {
                if (!el.nodes().isEmpty() && !a.nodesBySpan.containsKey(el.expr().span())) {
                    String label = ARROW + " " + last(el.nodes()).shape();
                    if (el.expr() instanceof Repeat) {
                        label = ARROW + " block " + last(el.nodes()).shape();
                    }
                    out.add(hint(Ranges.end(el.expr().span()), label, InlayHintKind.Type));
                }
            }
        }
        if (settings.costs()) {
            Map<Integer, long[]> perLine = new TreeMap<>();
            for (Analysis.Element el : a.elements) {
                CompiledModel cm = a.model(el.model()).orElseThrow();
                long[] c = perLine.computeIfAbsent(el.expr().span().endLine(), k -> new long[2]);
                c[0] += Costs.params(el.nodes());
                c[1] += Costs.flops(cm, el.nodes());
            }
            perLine.forEach((line, c) -> {
                if (c[0] > 0 || c[1] > 0) {
                    String text = a.source.line(line);
                    InlayHint h = hint(new Position(line - 1, text.length()),
                            Costs.count(c[0]) + " params \u00B7 " + Costs.flops(c[1]), InlayHintKind.Parameter);
                    out.add(h);
                }
            });
        }
        out.removeIf(h -> !within(h.getPosition(), range));
        out.sort((x, y) -> x.getPosition().getLine() != y.getPosition().getLine()
                ? Integer.compare(x.getPosition().getLine(), y.getPosition().getLine())
                : Integer.compare(x.getPosition().getCharacter(), y.getPosition().getCharacter()));
        return out;
    }

    private static boolean within(Position p, Range r) {
        if (r == null) {
            return true;
        }
        return p.getLine() >= r.getStart().getLine() && p.getLine() <= r.getEnd().getLine();
    }

    private static InlayHint hint(Position at, String label, InlayHintKind kind) {
        InlayHint h = new InlayHint(at, Either.forLeft(label));
        h.setKind(kind);
        h.setPaddingLeft(true);
        return h;
    }

    private static Node last(List<Node> nodes) {
        return nodes.get(nodes.size() - 1);
    }

    /** Distinct output shapes of the nodes, in order: {@code (100)} or {@code (32, 28, 28) | (64, 14, 14)}. */
    static String shapes(List<Node> nodes) {
        Set<String> s = new LinkedHashSet<>();
        nodes.forEach(n -> s.add(n.shape().toString()));
        return String.join(" | ", s);
    }

    private static void forEachExpr(Decl d, java.util.function.Consumer<Expr> visit) {
        if (d instanceof ValDecl v) {
            Ast.walk(v.value(), visit);
        } else if (d instanceof FunDecl f) {
            Ast.walk(f.body(), visit);
        } else if (d instanceof ModelDecl m) {
            m.lines().forEach(l -> Ast.walk(l, visit));
        }
    }

    // ---- hover ----------------------------------------------------------------------------------------

    static Optional<Hover> hover(Analysis a, int line, int col) {
        if (a.ast.isEmpty()) {
            return Optional.empty();
        }
        for (ModelDecl m : a.models()) {
            if (Ast.at(m.nameSpan(), line, col)) {
                return a.model(m.name()).map(cm -> markdown(modelSummary(cm), m.nameSpan()));
            }
        }
        // The innermost layer under the cursor.
        Expr best = null;
        for (Decl d : a.ast.get().decls()) {
            Expr[] found = {null};
            forEachExpr(d, e -> {
                if ((e instanceof Call || e instanceof NameRef) && Ast.at(e.span(), line, col)) {
                    found[0] = e;
                }
            });
            if (found[0] != null) {
                best = found[0];
            }
        }
        if (best != null && a.nodesBySpan.containsKey(best.span())) {
            return Optional.of(markdown(layerHover(a, a.nodesBySpan.get(best.span()), name(best)), best.span()));
        }
        for (Analysis.Element el : a.elements) {
            if (Ast.at(el.expr().span(), line, col) && !el.nodes().isEmpty()) {
                CompiledModel cm = a.model(el.model()).orElseThrow();
                List<Node> ns = el.nodes();
                Node first = ns.get(0);
                String in = first.inputs().isEmpty() ? first.shape().toString()
                        : cm.graph().nodes().get(first.inputs().get(0)).shape().toString();
                String text = "**" + a.source.slice(el.expr().span().line(), el.expr().span().column(),
                        el.expr().span().line() == el.expr().span().endLine() ? el.expr().span().endColumn() : 10_000)
                        + "**  \n" + in + " \u2192 " + last(ns).shape() + "  \n" + ns.size() + " layers \u00B7 "
                        + Costs.count(Costs.params(ns)) + " params \u00B7 " + Costs.flops(Costs.flops(cm, ns));
                return Optional.of(markdown(text, el.expr().span()));
            }
        }
        if (best != null) {
            Optional<String> doc = Catalogs.layerDoc(name(best));
            if (doc.isPresent()) {
                return Optional.of(markdown("**" + name(best) + "**  \n" + doc.get(), best.span()));
            }
        }
        return Optional.empty();
    }

    private static String name(Expr e) {
        return e instanceof Call c ? c.name() : ((NameRef) e).name();
    }

    private static Hover markdown(String text, SourceSpan span) {
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), Ranges.of(span));
    }

    static String layerHover(Analysis a, List<Node> nodes, String written) {
        Node n = nodes.get(0);
        CompiledModel cm = a.compiled.models().values().stream()
                .filter(m -> m.graph().nodes().size() > n.id() && m.graph().nodes().get(n.id()) == n).findFirst()
                .orElseThrow();
        LayerGraph g = cm.graph();
        StringBuilder sb = new StringBuilder();
        Optional<LayerDef> def = Catalogs.layer(n.op().equals("input") ? "input" : written);
        sb.append("**").append(def.map(d -> d.signature().usage()).orElse(n.op())).append("**  \n");
        String in = n.inputs().isEmpty() ? "" : g.nodes().get(n.inputs().get(0)).shape() + " \u2192 ";
        sb.append(in).append(n.shape());
        if (nodes.size() > 1) {
            sb.append("  (").append(nodes.size()).append(" expansions: ").append(shapes(nodes)).append(')');
        }
        sb.append("  \n");
        if (!n.params().isEmpty()) {
            sb.append("params ").append(Costs.count(Costs.params(List.of(n)))).append(": ");
            sb.append(n.params().stream().map(Features::param).collect(Collectors.joining(", "))).append("  \n");
        }
        sb.append("FLOPs ").append(Costs.count(cm.flops().get(n.id()))).append(" per example  \n");
        sb.append("activations ").append(Costs.bytes(n.shape().size() * Costs.bytesPerValue(g)))
                .append(" per example  \n");
        def.flatMap(d -> Catalogs.layerDoc(d.name())).ifPresent(doc -> sb.append("\n").append(doc));
        return sb.toString();
    }

    private static String param(ParamSpec p) {
        return p.localName() + " " + p.shape() + (p.role().trainable() ? "" : " (not trained)");
    }

    static String modelSummary(CompiledModel cm) {
        LayerGraph g = cm.graph();
        long params = g.trainableParameterCount() + g.nonTrainableParameterCount();
        long activations = g.nodes().stream().mapToLong(n -> n.shape().size()).sum() * Costs.bytesPerValue(g);
        return "**model " + g.model() + "**  \n" + g.inputShape() + " \u2192 " + g.output().shape() + "  \n"
                + g.nodes().size() + " layers  \nparams " + Costs.count(params) + " (" + Costs.count(
                g.trainableParameterCount()) + " trainable)  \nFLOPs " + Costs.count(cm.totalFlops())
                + " per example  \nweights " + Costs.bytes(Costs.weightBytes(g)) + "  \nactivations "
                + Costs.bytes(activations) + " per example";
    }

    // ---- code lens ------------------------------------------------------------------------------------

    static List<CodeLens> codeLenses(Analysis a) {
        List<CodeLens> out = new ArrayList<>();
        for (ModelDecl m : a.models()) {
            a.model(m.name()).ifPresent(cm -> {
                LayerGraph g = cm.graph();
                String title = Costs.count(g.trainableParameterCount() + g.nonTrainableParameterCount())
                        + " params \u00B7 " + Costs.flops(cm.totalFlops()) + " \u00B7 "
                        + Costs.bytes(Costs.weightBytes(g)) + " weights";
                out.add(new CodeLens(Ranges.of(m.nameSpan()), new Command(title, ""), null));
            });
        }
        return out;
    }

    // ---- completion and signature help -----------------------------------------------------------------

    static List<CompletionItem> completion(Analysis a, int offset, int line, int col, Symbols symbols) {
        CursorContext ctx = CursorContext.at(a.text, offset);
        List<CompletionItem> out = new ArrayList<>();
        if (ctx.call() != null) {
            Optional<Signature> sig = signature(ctx.call());
            sig.ifPresent(s -> s.params().forEach(p -> {
                CompletionItem item = new CompletionItem(p.name());
                item.setKind(CompletionItemKind.Property);
                item.setDetail(p.usage() + " : " + p.type().toString().toLowerCase(java.util.Locale.ROOT));
                item.setInsertText(p.name() + " = ");
                out.add(item);
            }));
            return out;
        }
        if (ctx.inTrain() && ctx.trainKey() != null) {
            Map<String, Signature> sigs = switch (ctx.trainKey()) {
                case "optimizer" -> Catalogs.optimizers();
                case "data" -> Catalogs.dataSets();
                case "earlyStop" -> Map.of("earlyStop", Catalogs.earlyStop());
                case "schedule" -> Catalogs.schedules();
                default -> Map.of();
            };
            sigs.forEach((name, s) -> out.add(callItem(name, s, CompletionItemKind.Function,
                    ctx.trainKey().equals("data") ? "data set" : ctx.trainKey().equals("schedule") ? "schedule"
                            : "optimizer")));
            if (ctx.trainKey().equals("precision")) {
                for (String p : List.of("float32", "float64")) {
                    CompletionItem item = new CompletionItem(p);
                    item.setKind(CompletionItemKind.EnumMember);
                    out.add(item);
                }
            }
            return out;
        }
        if (ctx.inTrain()) {
            Catalogs.trainKeys().forEach((k, doc) -> {
                CompletionItem item = new CompletionItem(k);
                item.setKind(CompletionItemKind.Property);
                item.setDetail("train key");
                item.setDocumentation(doc);
                item.setInsertText(k + " = ");
                out.add(item);
            });
            return out;
        }
        Optional<Shape> current = shapeBefore(a, line, col);
        for (LayerDef d : Catalogs.layers()) {
            CompletionItem item = callItem(d.name(), d.signature(), CompletionItemKind.Function, "layer");
            item.setDetail(d.signature().usage() + current.map(s -> ": " + s + " \u2192 " + outShape(d, s)).orElse(""));
            Catalogs.layerDoc(d.name()).ifPresent(item::setDocumentation);
            if (d.signature().params().stream().allMatch(p -> p.defaultValue().isPresent())) {
                item.setInsertText(d.name());
                item.setInsertTextFormat(InsertTextFormat.PlainText);
            }
            out.add(item);
        }
        CompletionItem input = new CompletionItem("input");
        input.setKind(CompletionItemKind.Function);
        input.setDetail("input(C, H, W) or input(D)");
        Catalogs.layerDoc("input").ifPresent(input::setDocumentation);
        out.add(input);
        symbols.closure(a.path).forEach(p -> symbols.file(p).ifPresent(f -> f.defs().forEach(def -> {
            CompletionItem item = new CompletionItem(def.name());
            item.setKind(def.kind() == Symbols.Kind.FUN ? CompletionItemKind.Function
                    : def.kind() == Symbols.Kind.VAL ? CompletionItemKind.Constant : CompletionItemKind.Class);
            item.setDetail(declText(def));
            out.add(item);
        })));
        for (String kw : List.of("model", "fun", "val", "import", "train", "residual", "repeat")) {
            CompletionItem item = new CompletionItem(kw);
            item.setKind(CompletionItemKind.Keyword);
            out.add(item);
        }
        return out;
    }

    private static CompletionItem callItem(String name, Signature s, CompletionItemKind kind, String what) {
        CompletionItem item = new CompletionItem(name);
        item.setKind(kind);
        item.setDetail(s.usage());
        item.setDocumentation(what + ": " + s.usage());
        List<ArgSpec> required = s.params().stream().filter(p -> p.defaultValue().isEmpty()).toList();
        if (required.isEmpty()) {
            item.setInsertText(name);
        } else {
            StringBuilder snippet = new StringBuilder(name).append('(');
            for (int i = 0; i < required.size(); i++) {
                snippet.append(i == 0 ? "" : ", ").append("${").append(i + 1).append(':')
                        .append(required.get(i).name()).append('}');
            }
            item.setInsertText(snippet.append(')').toString());
            item.setInsertTextFormat(InsertTextFormat.Snippet);
        }
        return item;
    }

    private static String declText(Symbols.Def def) {
        if (def.decl() instanceof FunDecl f) {
            return "fun " + f.name() + "(" + f.params().stream().map(p -> p.name() + ": " + p.type())
                    .collect(Collectors.joining(", ")) + ")";
        }
        return (def.kind() == Symbols.Kind.VAL ? "val " : "model ") + def.name();
    }

    /** The shape flowing into the cursor: the output of the last element of the model that ends before it. */
    static Optional<Shape> shapeBefore(Analysis a, int line, int col) {
        Optional<ModelDecl> m = a.modelAt(line, col);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Shape s = null;
        for (Analysis.Element el : a.elements) {
            SourceSpan sp = el.expr().span();
            boolean ends = sp.endLine() < line || (sp.endLine() == line && sp.endColumn() <= col);
            if (el.model().equals(m.get().name()) && ends && !el.nodes().isEmpty()) {
                s = last(el.nodes()).shape();
            }
        }
        return Optional.ofNullable(s);
    }

    /** The output of a layer on {@code in}, in the layer's own terms when it depends on arguments. */
    static String outShape(LayerDef d, Shape in) {
        return switch (d.name()) {
            case "affine" -> "(units)";
            case "conv" -> in.rank() == 3 ? "(filters, H', W')" : "error: needs (C, H, W)";
            case "maxpool", "avgpool" -> in.rank() == 3 ? "(" + in.dim(0) + ", " + in.dim(1) / 2 + ", "
                    + in.dim(2) / 2 + ") with size 2" : "error: needs (C, H, W)";
            case "flatten" -> "(" + in.size() + ")";
            default -> in.toString();
        };
    }

    /** The catalogue signature of a layer, data set, optimizer or earlyStop ({@code input} has none). */
    static Optional<Signature> signature(String call) {
        Optional<LayerDef> layer = Catalogs.layer(call);
        if (layer.isPresent() && !call.equals("input")) {
            return Optional.of(layer.get().signature());
        }
        if (Catalogs.dataSets().containsKey(call)) {
            return Optional.of(Catalogs.dataSets().get(call));
        }
        if (Catalogs.optimizers().containsKey(call)) {
            return Optional.of(Catalogs.optimizers().get(call));
        }
        if (call.equals("earlyStop")) {
            return Optional.of(Catalogs.earlyStop());
        }
        if (Catalogs.schedules().containsKey(call)) {
            return Optional.of(Catalogs.schedules().get(call));
        }
        return Optional.empty();
    }

    static Optional<SignatureHelp> signatureHelp(Analysis a, int offset, Symbols symbols) {
        CursorContext ctx = CursorContext.at(a.text, offset);
        if (ctx.call() == null) {
            return Optional.empty();
        }
        List<String> labels = new ArrayList<>();
        String label;
        Optional<Signature> sig = signature(ctx.call());
        if (sig.isPresent()) {
            sig.get().params().forEach(p -> labels.add(p.usage()));
            label = sig.get().usage();
        } else if (ctx.call().equals("input")) {
            labels.addAll(List.of("C", "H", "W"));
            label = "input(C, H, W)";
        } else {
            Optional<Symbols.Def> def = symbols.resolve(ctx.call(), a.path);
            if (def.isEmpty() || !(def.get().decl() instanceof FunDecl f)) {
                return Optional.empty();
            }
            for (Param p : f.params()) {
                labels.add(p.name() + ": " + p.type());
            }
            label = declText(def.get());
        }
        SignatureInformation info = new SignatureInformation(label);
        info.setParameters(labels.stream().map(l -> new ParameterInformation(l)).toList());
        int active = ctx.argIndex();
        if (ctx.argName() != null) {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equals(ctx.argName()) || labels.get(i).startsWith(ctx.argName() + " ")
                        || labels.get(i).startsWith(ctx.argName() + ":")) {
                    active = i;
                }
            }
        }
        SignatureHelp help = new SignatureHelp(List.of(info), 0, Math.min(active, Math.max(0, labels.size() - 1)));
        return Optional.of(help);
    }

    // ---- code actions ---------------------------------------------------------------------------------

    /**
     * The compiler's fixes ({@link Diagnostic#fixes()}) of the diagnostics on the lines of {@code range}, as quick
     * fixes: a did-you-mean name, a missing or misplaced flatten, a missing train key. Nothing is derived here.
     */
    static List<CodeAction> quickFixes(Analysis a, String uri, Range range,
                                       List<org.eclipse.lsp4j.Diagnostic> published) {
        List<CodeAction> out = new ArrayList<>();
        for (Diagnostic d : a.compiled.diagnostics()) {
            if (!d.span().file().equals(a.file()) || d.fixes().isEmpty()) {
                continue;
            }
            Range r = Ranges.of(d.span());
            if (r.getEnd().getLine() < range.getStart().getLine() || r.getStart().getLine() > range.getEnd().getLine()) {
                continue;
            }
            for (Fix fix : d.fixes()) {
                if (fix.edits().stream().anyMatch(e -> !e.span().file().equals(a.file()))) {
                    continue;
                }
                CodeAction action = new CodeAction(fix.title());
                action.setKind(CodeActionKind.QuickFix);
                action.setIsPreferred(d.fixes().size() == 1);
                action.setEdit(new WorkspaceEdit(Map.of(uri, fix.edits().stream()
                        .map(e -> new TextEdit(Ranges.of(e.span()), e.text())).toList())));
                published.stream().filter(p -> p.getRange().equals(r) && d.code().equals(p.getCode().getLeft()))
                        .findFirst().ifPresent(p -> action.setDiagnostics(List.of(p)));
                out.add(action);
            }
        }
        return out;
    }

    // ---- symbols, folding, formatting -------------------------------------------------------------------

    static List<DocumentSymbol> documentSymbols(Analysis a) {
        List<DocumentSymbol> out = new ArrayList<>();
        a.ast.ifPresent(f -> f.decls().forEach(d -> {
            if (d instanceof ModelDecl m) {
                String detail = a.model(m.name()).map(cm -> cm.graph().inputShape() + " \u2192 "
                        + cm.graph().output().shape()).orElse("");
                out.add(new DocumentSymbol(m.name(), SymbolKind.Class, Ranges.of(m.span()), Ranges.of(m.nameSpan()),
                        detail));
            } else if (d instanceof FunDecl fn) {
                out.add(new DocumentSymbol(fn.name(), SymbolKind.Function, Ranges.of(fn.span()),
                        Ranges.of(fn.nameSpan()), "fun"));
            } else if (d instanceof ValDecl v) {
                out.add(new DocumentSymbol(v.name(), SymbolKind.Constant, Ranges.of(v.span()), Ranges.of(v.nameSpan()),
                        "val"));
            }
        }));
        return out;
    }

    static List<FoldingRange> foldingRanges(String text) {
        NnLexer lexer = new NnLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<FoldingRange> out = new ArrayList<>();
        List<Token> open = new ArrayList<>();
        int commentStart = -1;
        int commentEnd = -1;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            int line = t.getLine() - 1;
            if (t.getType() == NnLexer.LINE_COMMENT) {
                if (commentStart >= 0 && line == commentEnd + 1) {
                    commentEnd = line;
                } else {
                    addComment(out, commentStart, commentEnd);
                    commentStart = line;
                    commentEnd = line;
                }
            } else if (t.getType() == NnLexer.BLOCK_COMMENT) {
                int end = line + (int) t.getText().chars().filter(c -> c == '\n').count();
                addComment(out, line, end);
            } else if (t.getType() == NnLexer.LBRACE) {
                open.add(t);
            } else if (t.getType() == NnLexer.RBRACE && !open.isEmpty()) {
                Token o = open.remove(open.size() - 1);
                if (line > o.getLine() - 1) {
                    out.add(new FoldingRange(o.getLine() - 1, line - 1));
                }
            }
        }
        addComment(out, commentStart, commentEnd);
        return out;
    }

    private static void addComment(List<FoldingRange> out, int start, int end) {
        if (start >= 0 && end > start) {
            FoldingRange r = new FoldingRange(start, end);
            r.setKind(FoldingRangeKind.Comment);
            out.add(r);
        }
    }

    static List<TextEdit> formatting(String text) {
        Optional<String> f = SourceLayout.format(text);
        if (f.isEmpty() || f.get().equals(text)) {
            return List.of();
        }
        int lines = (int) text.chars().filter(c -> c == '\n').count();
        return List.of(new TextEdit(new Range(new Position(0, 0), new Position(lines + 1, 0)), f.get()));
    }
}
