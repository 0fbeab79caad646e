package dev.nnc.semantic;

import dev.nnc.graph.Init;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamSpec;
import dev.nnc.graph.TrainConfig;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A compact, reviewable text form of a lowered graph for golden files: one line per node
 * ({@code id name = op(args) <- inputs : shape  params}) and one line for the train configuration.
 * Source spans and the data directory are left out, so equal programs print equally wherever they live.
 */
final class GraphText {

    private GraphText() {
    }

    static String of(LayerGraph g) {
        StringBuilder sb = new StringBuilder("model ").append(g.model()).append('\n');
        for (Node n : g.nodes()) {
            sb.append(n.id()).append(' ').append(n.name()).append(" = ").append(n.op()).append('(')
                    .append(args(n.args().values())).append(") <- ").append(n.inputs()).append(" : ")
                    .append(n.shape());
            if (!n.params().isEmpty()) {
                sb.append("  ").append(n.params().stream().map(GraphText::param).collect(Collectors.joining(", ")));
            }
            sb.append('\n');
        }
        sb.append("params: ").append(g.trainableParameterCount()).append(" trainable, ")
                .append(g.nonTrainableParameterCount()).append(" non-trainable\n");
        return sb.append(train(g.train())).toString();
    }

    private static String args(Map<String, Object> values) {
        return values.entrySet().stream().map(e -> e.getKey() + " = " + value(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String value(Object v) {
        if (v instanceof Init i) {
            return i.describe();
        }
        return v instanceof String s ? '"' + s + '"' : String.valueOf(v);
    }

    private static String param(ParamSpec p) {
        return p.localName() + p.shape() + " " + p.init().describe() + " " + p.role().name().toLowerCase()
                + " fan " + p.fanIn() + "/" + p.fanOut();
    }

    static String train(TrainConfig t) {
        return "train: data = " + t.data().map(d -> d.describe()).orElse("none")
                + "\n  optimizer = " + t.optimizer().describe()
                + "\n  epochs = " + t.epochs() + ", batchSize = " + t.batchSize() + ", lrDecay = " + t.lrDecay()
                + ", l2 = " + t.l2()
                + "\n  seed = " + (t.seed().isPresent() ? Long.toString(t.seed().getAsLong()) : "none")
                + ", precision = " + t.precision().label() + ", keepBest = " + t.keepBest()
                + ", earlyStop = " + (t.earlyStop().isPresent() ? "patience " + t.earlyStop().getAsInt() : "off")
                + "\n";
    }
}
