package dev.nnc.lsp;

import dev.nnc.api.SourceAnalysis;
import dev.nnc.diag.SourceSpan;
import dev.nnc.diag.SourceText;
import dev.nnc.graph.Node;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.semantic.Program;
import dev.nnc.syntax.ParseResult;
import dev.nnc.syntax.SourceParser;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Decl;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.FunDecl;
import dev.nnc.syntax.ast.ModelDecl;
import dev.nnc.syntax.ast.NameRef;
import dev.nnc.syntax.ast.NnFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of an open document, analysed: the compiler's view ({@link SourceAnalysis}), the document's own
 * AST, and which graph nodes each stack element of each model lowered to (for shape hints, costs, hover).
 */
final class Analysis {

    /** A stack element of a model line ({@code affine(10)}, {@code convBlock(32)}, {@code <...> x 3}) and its nodes. */
    record Element(String model, Expr expr, List<Node> nodes) {
    }

    final Path path;
    final String text;
    final int version;
    final SourceText source;
    final SourceAnalysis compiled;
    final Optional<NnFile> ast;
    /** Nodes by the span of the layer that wrote them (all models; a fun's layers once per expansion). */
    final Map<SourceSpan, List<Node>> nodesBySpan = new LinkedHashMap<>();
    final List<Element> elements = new ArrayList<>();

    Analysis(Path path, String text, int version) {
        this.path = path;
        this.text = text;
        this.version = version;
        this.compiled = SourceAnalysis.of(path, text);
        this.source = new SourceText(compiled.file(), text);
        ParseResult parsed = SourceParser.parse(source);
        this.ast = parsed.file();
        for (CompiledModel cm : compiled.models().values()) {
            for (Node n : cm.graph().nodes()) {
                nodesBySpan.computeIfAbsent(n.span(), k -> new ArrayList<>()).add(n);
            }
        }
        ast.ifPresent(this::attribute);
    }

    String file() {
        return compiled.file();
    }

    Optional<CompiledModel> model(String name) {
        return Optional.ofNullable(compiled.models().get(name));
    }

    List<ModelDecl> models() {
        List<ModelDecl> out = new ArrayList<>();
        ast.ifPresent(f -> f.decls().stream().filter(d -> d instanceof ModelDecl).map(d -> (ModelDecl) d)
                .forEach(out::add));
        return out;
    }

    /** The compiled model whose declaration contains the 1-based position. */
    Optional<ModelDecl> modelAt(int line, int col) {
        return models().stream().filter(m -> Ast.at(m.span(), line, col)).findFirst();
    }

    /**
     * Assigns each node of a model to the stack element that produced it: a node belongs to an element when
     * its span lies inside the element or inside a fun the element calls (transitively). Walking nodes in
     * order, a node that the current element does not own moves on to the next one that does; a fun's first
     * layer seen again starts the next call of that fun when the next element calls it too.
     */
    private void attribute(NnFile file) {
        Map<String, FunDecl> funs = new LinkedHashMap<>();
        compiled.program().map(Program::globals).ifPresent(g -> g.forEach((k, v) -> {
            if (v instanceof FunDecl f) {
                funs.put(k, f);
            }
        }));
        for (Decl d : file.decls()) {
            if (!(d instanceof ModelDecl m) || !compiled.models().containsKey(m.name())) {
                continue;
            }
            CompiledModel cm = compiled.models().get(m.name());
            List<Expr> exprs = new ArrayList<>();
            m.lines().forEach(l -> exprs.addAll(Ast.chain(l)));
            List<List<SourceSpan>> owned = exprs.stream().map(e -> regions(e, funs)).toList();
            List<List<Node>> assigned = new ArrayList<>();
            exprs.forEach(e -> assigned.add(new ArrayList<>()));
            int i = 0;
            for (Node n : cm.graph().nodes()) {
                if (exprs.isEmpty()) {
                    break;
                }
                if (!owns(owned.get(i), n)) {
                    int j = i + 1;
                    while (j < exprs.size() && !owns(owned.get(j), n)) {
                        j++;
                    }
                    if (j == exprs.size()) {
                        continue;
                    }
                    i = j;
                } else if (!assigned.get(i).isEmpty() && assigned.get(i).get(0).span().equals(n.span())
                        && i + 1 < exprs.size() && owns(owned.get(i + 1), n)) {
                    i++;
                }
                assigned.get(i).add(n);
            }
            for (int k = 0; k < exprs.size(); k++) {
                elements.add(new Element(m.name(), exprs.get(k), assigned.get(k)));
            }
        }
    }

    private static boolean owns(List<SourceSpan> regions, Node n) {
        return regions.stream().anyMatch(r -> Ast.contains(r, n.span()));
    }

    private static List<SourceSpan> regions(Expr e, Map<String, FunDecl> funs) {
        List<SourceSpan> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Expr> todo = new ArrayList<>(List.of(e));
        out.add(e.span());
        while (!todo.isEmpty()) {
            Expr x = todo.remove(todo.size() - 1);
            Ast.walk(x, y -> {
                String name = y instanceof Call c ? c.name() : y instanceof NameRef r ? r.name() : null;
                if (name != null && funs.containsKey(name) && seen.add(name)) {
                    out.add(funs.get(name).body().span());
                    todo.add(funs.get(name).body());
                }
            });
        }
        return out;
    }
}
