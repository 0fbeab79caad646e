package dev.nnc.emit;

import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.TrainConfig;
import dev.nnc.semantic.CompiledModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The Keras-style {@code model.summary()} table: one row per node (name, operator with its arguments, output
 * shape of one example, trainable parameters), then the totals, cost and memory, and the training setup.
 * A "Connected to" column appears only when the graph is not a plain chain (residual blocks).
 */
public final class SummaryEmitter {

    private SummaryEmitter() {
    }

    public static String emit(CompiledModel model) {
        LayerGraph g = model.graph();
        ModelStats s = ModelStats.of(model);
        boolean chain = isChain(g);
        List<String[]> rows = new ArrayList<>();
        rows.add(chain ? new String[] {"Layer", "Operator", "Output shape", "Params"}
                : new String[] {"Layer", "Operator", "Output shape", "Params", "Connected to"});
        for (Node n : g.nodes()) {
            String params = Format.count(n.trainableParameterCount());
            if (chain) {
                rows.add(new String[] {n.name(), OpText.of(n), n.shape().toString(), params});
            } else {
                String from = n.inputs().stream().map(i -> g.nodes().get(i).name()).collect(Collectors.joining(", "));
                rows.add(new String[] {n.name(), OpText.of(n), n.shape().toString(), params, from});
            }
        }
        String table = table(rows);
        int width = table.lines().mapToInt(String::length).max().orElse(0);
        String precision = g.train().precision().label();
        StringBuilder out = new StringBuilder();
        out.append("Model: ").append(g.model()).append('\n');
        out.append("=".repeat(width)).append('\n');
        List<String> lines = table.lines().toList();
        out.append(lines.get(0)).append('\n').append("-".repeat(width)).append('\n');
        lines.subList(1, lines.size()).forEach(l -> out.append(l).append('\n'));
        out.append("=".repeat(width)).append('\n');
        List<String[]> totals = List.of(
                new String[] {"Trainable params:", Format.count(s.trainableParams())},
                new String[] {"Non-trainable params:", Format.count(s.nonTrainableParams())},
                new String[] {"Forward FLOPs per example:", Format.count(s.flopsPerExample())},
                new String[] {"Parameter memory:", Format.bytes(s.parameterBytes()) + ", " + precision},
                new String[] {"Activation memory:", Format.bytes(s.activationBytes()) + ", " + precision
                        + ", batch " + Format.count(s.batchSize()) + ", forward + gradients"});
        int label = totals.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        for (String[] r : totals) {
            out.append(pad(r[0], label)).append(' ').append(r[1]).append('\n');
        }
        out.append(pad("Training:", label)).append(' ').append(training(g.train())).append('\n');
        return out.toString();
    }

    /** One line: optimizer, epochs, batch, data and the settings that differ from their defaults. */
    static String training(TrainConfig t) {
        List<String> parts = new ArrayList<>();
        parts.add(Format.optimizer(t.optimizer()));
        parts.add(Format.count(t.epochs(), "epoch"));
        parts.add("batch " + t.batchSize());
        parts.add("data " + t.data().map(d -> d.describe()).orElse("none (give --data)"));
        TrainConfig d = TrainConfig.defaults();
        if (t.lrDecay() != d.lrDecay()) {
            parts.add("lrDecay " + Format.real(t.lrDecay()));
        }
        if (!t.schedule().isConstant() && !t.schedule().name().equals("exponential")) {
            parts.add("schedule " + t.schedule().describe());
        }
        if (t.l2() != d.l2()) {
            parts.add("l2 " + Format.real(t.l2()));
        }
        if (t.labelSmoothing() != d.labelSmoothing()) {
            parts.add("labelSmoothing " + Format.real(t.labelSmoothing()));
        }
        t.seed().ifPresent(seed -> parts.add("seed " + seed));
        if (!t.keepBest()) {
            parts.add("keepBest false");
        }
        t.earlyStop().ifPresent(p -> parts.add("earlyStop(patience = " + p + ")"));
        return String.join(", ", parts);
    }

    private static boolean isChain(LayerGraph g) {
        return g.nodes().stream().allMatch(n -> n.id() == 0 || n.inputs().equals(List.of(n.id() - 1)));
    }

    /** Columns padded to their widest cell, two spaces apart; the params column (index 3) right-aligned. */
    private static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                if (c > 0) {
                    line.append("  ");
                }
                line.append(c == 3 ? " ".repeat(w[c] - r[c].length()) + r[c] : pad(r[c], w[c]));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
