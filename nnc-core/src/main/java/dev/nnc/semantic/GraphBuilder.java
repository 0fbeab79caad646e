package dev.nnc.semantic;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.SourceSpan;
import dev.nnc.graph.LayerArgs;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.Shape;
import dev.nnc.graph.TrainConfig;
import dev.nnc.semantic.LayerDef.Inferred;
import dev.nnc.semantic.LayerDef.ShapeException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lowers an evaluated stack to the layer graph, inferring every shape from {@code input(...)}: one node per
 * layer, and for a residual block a {@code branch} node, the block, and an {@code add} node whose operands
 * must have the same shape. Also records forward FLOPs per example for the summary.
 */
final class GraphBuilder {

    private final Reporter reporter;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Long> flops = new ArrayList<>();
    private final Map<String, Integer> counters = new HashMap<>();
    private String producer = "input";

    GraphBuilder(Reporter reporter) {
        this.reporter = reporter;
    }

    record Built(LayerGraph graph, List<Long> flops) {
    }

    Optional<Built> build(String model, SourceSpan modelSpan, List<StackItem> items, TrainConfig train) {
        if (items.isEmpty()) {
            reporter.error("missing-input", modelSpan, "model " + model + " has no layers",
                    "start it with input(C, H, W) for images or input(D) for vectors");
            return Optional.empty();
        }
        if (!(items.get(0) instanceof StackItem.Layer first) || first.def() != LayerCatalog.INPUT) {
            reporter.error("missing-input", items.get(0).span(),
                    "model " + model + " does not start with input(...)",
                    "make the first line input(C, H, W) for images or input(D) for vectors");
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Integer> dims = (List<Integer>) first.args().get("shape");
        Shape shape = new Shape(dims);
        add("input", "input", LayerArgs.empty(), List.of(), shape, new Inferred(shape, List.of(), 0), first.span());
        producer = first.text();
        for (int i = 1; i < items.size(); i++) {
            StackItem item = items.get(i);
            if (item instanceof StackItem.Layer l && l.def().loss() && i != items.size() - 1) {
                reporter.error("loss-not-last", l.span(), l.def().name() + " is a loss layer and must be the last layer",
                        "move it to the end of the model, or use an activation here");
                return Optional.empty();
            }
            if (!lower(item)) {
                return Optional.empty();
            }
        }
        warnDropoutBeforeLoss(items);
        long params = nodes.stream().mapToLong(n -> n.trainableParameterCount() + n.nonTrainableParameterCount()).sum();
        if (params > LayerCatalog.MAX_TENSOR) {
            reporter.error("too-many-parameters", modelSpan, "model " + model + " has " + String.format("%,d", params)
                    + " parameters; nnc holds at most " + String.format("%,d", LayerCatalog.MAX_TENSOR));
            return Optional.empty();
        }
        return Optional.of(new Built(new LayerGraph(model, nodes, train), List.copyOf(flops)));
    }

    /** Lowers one item after the current last node; false after reporting an error. */
    private boolean lower(StackItem item) {
        if (item instanceof StackItem.Residual r) {
            return residual(r);
        }
        StackItem.Layer l = (StackItem.Layer) item;
        if (l.def() == LayerCatalog.INPUT) {
            reporter.error("misplaced-input", l.span(), "input(...) must be the first layer of the model");
            return false;
        }
        Node last = nodes.get(nodes.size() - 1);
        String name = nextName(l.def().name());
        try {
            Inferred inf = l.def().rule().infer(last.shape(), producer, l.args(), name);
            if (l.def().name().equals("maxpool") && last.op().equals("relu")) {
                poolBeforeRelu(name, l, inf);
            } else {
                add(name, l.def().name(), new LayerArgs(l.args()), List.of(last.id()), inf.out(), inf, l.span());
            }
            producer = l.text();
            return true;
        } catch (ShapeException e) {
            reporter.report(FlattenFix.attach(Diagnostic.error("shape", l.span(), e.getMessage()).withHint(e.hint()), l,
                    last, nodes));
            return false;
        }
    }

    /**
     * Lowers {@code relu - maxpool} as {@code maxpool - relu}. Max pooling commutes with relu, which keeps or
     * zeroes each value without reordering any two: both orders give the same outputs, and the same
     * gradients (a window whose maximum is not positive passes none either way), bit for bit. Pooling first
     * leaves relu a quarter of the values under a 2x2 window, in both passes. The relu node keeps its name,
     * arguments and source position; only its place and shape change.
     */
    private void poolBeforeRelu(String poolName, StackItem.Layer pool, Inferred poolInf) {
        Node relu = nodes.remove(nodes.size() - 1);
        flops.remove(flops.size() - 1);
        add(poolName, "maxpool", new LayerArgs(pool.args()), relu.inputs(), poolInf.out(), poolInf, pool.span());
        Shape out = poolInf.out();
        add(relu.name(), "relu", relu.args(), List.of(nodes.size() - 1), out, new Inferred(out, List.of(), out.size()),
                relu.span());
    }

    private boolean residual(StackItem.Residual r) {
        for (StackItem inner : r.body()) {
            if (inner instanceof StackItem.Layer l && l.def().loss()) {
                reporter.error("loss-not-last", l.span(), l.def().name() + " is a loss layer and cannot be inside a"
                        + " residual block");
                return false;
            }
        }
        Node before = nodes.get(nodes.size() - 1);
        String branchName = nextName(LayerGraph.BRANCH_OP);
        add(branchName, LayerGraph.BRANCH_OP, LayerArgs.empty(), List.of(before.id()), before.shape(),
                new Inferred(before.shape(), List.of(), 0), r.span());
        int branchId = nodes.size() - 1;
        for (StackItem inner : r.body()) {
            if (!lower(inner)) {
                return false;
            }
        }
        Node last = nodes.get(nodes.size() - 1);
        if (!last.shape().equals(before.shape())) {
            reporter.error("residual-shape", r.span(), "a residual block must keep its input shape " + before.shape()
                            + ", but its body outputs " + last.shape(),
                    "end the block with a layer that outputs " + before.shape());
            return false;
        }
        add(nextName(LayerGraph.ADD_OP), LayerGraph.ADD_OP, LayerArgs.empty(), List.of(branchId, last.id()), last.shape(),
                new Inferred(last.shape(), List.of(), last.shape().size()), r.span());
        producer = "the residual block";
        return true;
    }

    private void add(String name, String op, LayerArgs args, List<Integer> inputs, Shape out, Inferred inf,
                     SourceSpan span) {
        nodes.add(new Node(nodes.size(), name, op, args, inputs, out, inf.params(), span));
        flops.add(inf.flops());
    }

    private String nextName(String op) {
        return op + "_" + counters.merge(op, 1, Integer::sum);
    }

    private void warnDropoutBeforeLoss(List<StackItem> items) {
        if (items.size() >= 2 && items.get(items.size() - 1) instanceof StackItem.Layer last && last.def().loss()
                && items.get(items.size() - 2) instanceof StackItem.Layer prev && prev.def().name().equals("dropout")) {
            reporter.warning("dropout-before-loss", prev.span(), "dropout right before " + last.def().name()
                    + " drops class scores, not features", "move it before the last affine layer");
        }
    }
}
