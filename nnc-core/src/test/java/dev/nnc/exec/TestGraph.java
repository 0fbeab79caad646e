package dev.nnc.exec;

import dev.nnc.diag.SourceSpan;
import dev.nnc.graph.Init;
import dev.nnc.graph.LayerArgs;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamRole;
import dev.nnc.graph.ParamSpec;
import dev.nnc.graph.Shape;
import dev.nnc.graph.TrainConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds layer graphs by hand for the interpreter tests; nodes are named {@code op_id}. */
final class TestGraph {

    private static final SourceSpan SPAN = SourceSpan.ofFile("test.nn");

    private final String model;
    private final List<Node> nodes = new ArrayList<>();

    TestGraph(String model, int... inputDims) {
        this.model = model;
        nodes.add(new Node(0, "input", "input", LayerArgs.empty(), List.of(), Shape.of(inputDims), List.of(), SPAN));
    }

    Shape shape(int id) {
        return nodes.get(id).shape();
    }

    int add(String op, Shape shape, List<ParamSpec> params, int... inputs) {
        int id = nodes.size();
        nodes.add(new Node(id, op + "_" + id, op, LayerArgs.empty(), Arrays.stream(inputs).boxed().toList(), shape,
                params, SPAN));
        return id;
    }

    /** A shape-preserving op without parameters. */
    int unary(String op, int from) {
        return add(op, shape(from), List.of(), from);
    }

    /** A {@code scale} node: W (D) with {@code init}, role WEIGHT, and a zero bias b (D) when asked. */
    int scale(int from, Init init, boolean bias) {
        String name = "scale_" + nodes.size();
        Shape s = shape(from);
        int d = (int) s.size();
        List<ParamSpec> params = new ArrayList<>();
        params.add(new ParamSpec(name + ".W", Shape.of(d), init, ParamRole.WEIGHT, d, d));
        if (bias) {
            params.add(new ParamSpec(name + ".b", Shape.of(d), Init.ZEROS, ParamRole.BIAS, d, d));
        }
        return add("scale", s, params, from);
    }

    /** A {@code running} node: identity that tracks a running mean in a STATE parameter. */
    int running(int from) {
        int d = (int) shape(from).size();
        return add("running", shape(from),
                List.of(new ParamSpec("running_" + nodes.size() + ".running_mean", Shape.of(d), Init.ZEROS,
                        ParamRole.STATE, d, d)), from);
    }

    int addNode(int a, int b) {
        return add("add", shape(a), List.of(), a, b);
    }

    LayerGraph build() {
        return new LayerGraph(model, nodes, TrainConfig.defaults());
    }
}
