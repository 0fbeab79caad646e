package dev.nnc.ops;

import dev.nnc.graph.Node;
import java.util.List;

/** Builds the operator of one graph node, given that node's parameters bound to memory (in spec order). */
@FunctionalInterface
public interface OperatorFactory {
    Operator create(Node node, List<Parameter> params, ExecContext ctx);
}
