package dev.nnc.emit;

import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.semantic.CompiledModel;

/**
 * Graphviz text: one box per layer labelled with its name, operator and arguments, and parameter count;
 * batchnorm's running statistics are counted apart as "fixed"; one edge per operand labelled with the shape that flows along it. A residual block's {@code branch} (the
 * fork) and {@code add} (the join) are drawn as ellipses, so the skip connection reads at a glance.
 * Render with {@code dot -Tsvg model.dot -o model.svg}.
 */
public final class DotEmitter {

    private DotEmitter() {
    }

    public static String emit(CompiledModel model) {
        LayerGraph g = model.graph();
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(g.model())).append(" {\n");
        out.append("  rankdir=TB;\n");
        out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        for (Node n : g.nodes()) {
            long params = n.trainableParameterCount();
            long fixed = n.nonTrainableParameterCount();
            String label = n.name() + "\n" + OpText.of(n) + "\n" + Format.count(params)
                    + (params == 1 ? " param" : " params") + (fixed > 0 ? " + " + Format.count(fixed) + " fixed" : "");
            out.append("  n").append(n.id()).append(" [label=").append(quote(label));
            if (n.op().equals("branch") || n.op().equals("add") || n.op().equals("input")) {
                out.append(", shape=ellipse");
            }
            out.append("];\n");
        }
        for (Node n : g.nodes()) {
            for (int from : n.inputs()) {
                out.append("  n").append(from).append(" -> n").append(n.id()).append(" [label=")
                        .append(quote(g.nodes().get(from).shape().toString())).append("];\n");
            }
        }
        return out.append("}\n").toString();
    }

    /** A dot string literal: backslashes and quotes escaped, newlines as dot's centred line break. */
    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
