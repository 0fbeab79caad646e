package dev.nnc.exec;
import dev.nnc.tensor.Tensor;

import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.tensor.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the gradients of a backward pass live: which nodes run backward, and which buffer each operand
 * gradient is written to. Internal to {@link Network}.
 *
 * <p>A node wants its output gradient when it owns a trainable parameter or something before it does (or it
 * is the input and the caller asked for the input gradient); operands that nobody wants get {@code null}.
 * Operators overwrite gradients, so a node feeding several consuming edges gets one buffer per edge: the
 * first edge writes into the node's own gradient buffer, the others into private ones that {@link #gather}
 * adds in before the node's backward runs. Buffers are allocated the first time a plan needs them and then
 * only re-sized with the batch.
 */
final class GradientRouting {

    private final LayerGraph graph;
    private final Precision precision;
    private final boolean[] ownsTrainable;
    private final List<List<int[]>> consumers; // per producer: {consumer, operand slot}, in graph order
    private final Tensor[] grad;                // grad[j]: dLoss/d(output of j), null until a plan needs it
    private final Tensor[][] edgeGrad;          // [consumer][slot]: buffer of a fan-out edge other than the first
    private final Tensor[][] dInputs;           // what node i's backward writes, null where nobody wants it
    private final Tensor[][] extras;            // per producer: the edge buffers gather() sums into grad[j]
    private final boolean[] wants;
    private boolean inputNeeded;
    private boolean ready;

    GradientRouting(LayerGraph graph, Precision precision) {
        this.graph = graph;
        this.precision = precision;
        int n = graph.nodes().size();
        ownsTrainable = new boolean[n];
        consumers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            consumers.add(new ArrayList<>(1));
        }
        grad = new Tensor[n];
        edgeGrad = new Tensor[n][];
        dInputs = new Tensor[n][];
        extras = new Tensor[n][];
        wants = new boolean[n];
        for (Node node : graph.nodes()) {
            ownsTrainable[node.id()] = node.trainableParameterCount() > 0;
            int arity = node.inputs().size();
            edgeGrad[node.id()] = new Tensor[arity];
            dInputs[node.id()] = new Tensor[arity];
            for (int k = 0; k < arity; k++) {
                consumers.get(node.inputs().get(k)).add(new int[] {node.id(), k});
            }
        }
    }

    void setInputNeeded(boolean needed) {
        if (needed != inputNeeded) {
            inputNeeded = needed;
            ready = false;
        }
    }

    boolean inputNeeded() {
        return inputNeeded;
    }

    /** Whether node {@code i} runs backward in the current plan. */
    boolean wants(int i) {
        return wants[i];
    }

    /** The operand gradients node {@code i}'s backward writes (entries null where unwanted). */
    Tensor[] dInputs(int i) {
        return dInputs[i];
    }

    /** The input gradient of the last backward, or null when it was not planned. */
    Tensor inputGradient() {
        return ready && inputNeeded ? grad[0] : null;
    }

    void resize(int n) {
        for (int i = 0; i < grad.length; i++) {
            if (grad[i] != null) {
                grad[i].setBatch(n);
            }
            for (Tensor t : edgeGrad[i]) {
                if (t != null) {
                    t.setBatch(n);
                }
            }
        }
    }

    /** Makes grad[j] the full gradient of node j's output, the sum over its consuming edges, and returns it. */
    Tensor gather(int j) {
        Tensor g = grad[j];
        if (consumers.get(j).isEmpty()) {
            g.fill(0.0); // a dead end: its output never reaches the loss
        }
        for (Tensor extra : extras[j]) {
            TensorMath.addScaled(g, extra, 1.0);
        }
        return g;
    }

    /** Builds the plan for the current settings unless it is up to date; new buffers get {@code batch} rows. */
    void prepare(int batch) {
        if (ready) {
            return;
        }
        int n = wants.length;
        wants[0] = inputNeeded;
        for (int i = 1; i < n; i++) {
            boolean w = ownsTrainable[i];
            for (int from : graph.nodes().get(i).inputs()) {
                w |= wants[from];
            }
            wants[i] = w;
        }
        for (int j = 0; j < n; j++) {
            route(j, batch);
        }
        ready = true;
    }

    private void route(int j, int batch) {
        List<int[]> edges = consumers.get(j);
        extras[j] = new Tensor[0];
        if (!wants[j] || j == wants.length - 1) { // the output's gradient comes from its loss, not a buffer
            for (int[] e : edges) {
                dInputs[e[0]][e[1]] = null;
            }
            return;
        }
        if (grad[j] == null) {
            grad[j] = buffer(j, batch);
        }
        extras[j] = new Tensor[Math.max(0, edges.size() - 1)];
        for (int e = 0; e < edges.size(); e++) {
            int consumer = edges.get(e)[0];
            int slot = edges.get(e)[1];
            if (e == 0) {
                dInputs[consumer][slot] = grad[j];
            } else {
                if (edgeGrad[consumer][slot] == null) {
                    edgeGrad[consumer][slot] = buffer(j, batch);
                }
                dInputs[consumer][slot] = edgeGrad[consumer][slot];
                extras[j][e - 1] = edgeGrad[consumer][slot];
            }
        }
    }

    private Tensor buffer(int j, int batch) {
        return Tensor.zeros(precision, Network.batchShape(graph.nodes().get(j), batch));
    }
}
