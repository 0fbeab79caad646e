package dev.nnc.exec;

import com.google.common.base.Preconditions;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamSpec;
import dev.nnc.graph.Precision;
import dev.nnc.ops.LossOperator;
import dev.nnc.ops.Operator;
import dev.nnc.ops.OperatorFactory;
import dev.nnc.ops.OperatorRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link LayerGraph} bound to memory: parameters initialized from a seed, one operator per node, one
 * activation tensor per node (batch-first), and gradient buffers. A training step is
 * {@code input(n)} (fill it) → {@link #forward} → {@link #loss} → {@link #backward}; every buffer is allocated
 * once and re-sized in place when the batch changes, so a step allocates nothing in the steady state.
 *
 * <p>Backward walks the nodes in reverse topological order. Operators overwrite their gradients, so a node
 * whose output feeds several consumers (a residual {@code branch}) gets one buffer per consuming edge — the
 * first edge writes straight into the node's own gradient buffer, the others into private ones — and the
 * buffers are summed before the node's own backward runs (d/dx of f(x) + g(x) is f' + g'). Only nodes with a
 * trainable parameter at or before them, or the input when {@link #setInputGradientNeeded} asked for it, run
 * backward at all; everyone else gets {@code null} for that gradient and skips the work. See
 * docs/interpreter.md.
 *
 * <p>Not thread-safe: one network serves one training or inference loop.
 */
public final class Network {

    private final LayerGraph graph;
    private final Precision precision;
    private final Rng rng;
    private final List<Parameter> parameters;
    private final Map<String, Parameter> byName;
    private final Parameter[] regularized;  // the WEIGHT-role parameters, an array so steps iterate without allocating
    private final Operator[] ops;           // ops[0] is null: the input node computes nothing
    private final LossOperator lossOp;      // the output node's operator when it is a loss, else null
    private final Tensor[] act;             // act[i]: (batch, ...node i's shape); act[0] is the input
    private final Tensor[][] opInputs;      // activations of node i's operands, in operand order
    private final boolean[] ownsTrainable;
    private final List<List<int[]>> consumers; // per producer: {consumer, operand slot}, in graph order

    // The backward plan depends on which gradients are wanted; rebuilt when that changes.
    private final Tensor[] grad;            // grad[j]: dLoss/d(output of j), null until some step needs it
    private final Tensor[][] edgeGrad;      // [consumer][slot]: buffer of a fan-out edge other than the first
    private final Tensor[][] opDInputs;     // what node i's backward writes, null where nobody needs it
    private final Tensor[][] extraGrads;    // per producer: the edge buffers summed into grad[j]
    private final boolean[] wantsGrad;
    private boolean planReady;

    private boolean inputGradientNeeded;
    private int batch;
    private boolean forwardDone;
    private boolean lossDone;

    /** Binds {@code graph} with the operators of {@link OperatorRegistry}. */
    public Network(LayerGraph graph, Precision precision, long seed) {
        this(graph, precision, seed, OperatorRegistry::create);
    }

    /**
     * Binds {@code graph}, creating each node's operator (node 0, the input, has none) with {@code operators}.
     * The seed decides the initial weights (same seed, same weights, bit for bit) and the starting state of
     * {@link #rng()}.
     */
    public Network(LayerGraph graph, Precision precision, long seed, OperatorFactory operators) {
        this.graph = Preconditions.checkNotNull(graph);
        this.precision = Preconditions.checkNotNull(precision);
        Preconditions.checkNotNull(operators);
        Rng root = new Rng(seed);
        Rng initRng = root.split();
        this.rng = root.split();
        ExecContext ctx = new ExecContext(precision, rng);

        int n = graph.nodes().size();
        ops = new Operator[n];
        act = new Tensor[n];
        opInputs = new Tensor[n][];
        ownsTrainable = new boolean[n];
        consumers = new ArrayList<>(n);
        List<Parameter> all = new ArrayList<>();
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (Node node : graph.nodes()) {
            int i = node.id();
            consumers.add(new ArrayList<>(1));
            act[i] = Tensor.zeros(precision, batchShape(node, 0));
            List<Parameter> own = new ArrayList<>(node.params().size());
            for (ParamSpec spec : node.params()) {
                Parameter p = bind(spec, initRng);
                Preconditions.checkArgument(names.put(spec.name(), p) == null,
                        "node %s: parameter name %s is used twice", node.name(), spec.name());
                own.add(p);
                all.add(p);
                ownsTrainable[i] |= p.trainable();
            }
            opInputs[i] = new Tensor[node.inputs().size()];
            for (int k = 0; k < node.inputs().size(); k++) {
                int from = node.inputs().get(k);
                opInputs[i][k] = act[from];
                consumers.get(from).add(new int[] {i, k});
            }
            if (i > 0) {
                ops[i] = operators.create(node, Collections.unmodifiableList(own), ctx);
                Preconditions.checkState(ops[i] != null, "node %s: no operator was created for '%s'",
                        node.name(), node.op());
            } else {
                Preconditions.checkArgument(node.params().isEmpty(), "the input node has parameters");
            }
        }
        lossOp = ops[n - 1] instanceof LossOperator l ? l : null;
        parameters = Collections.unmodifiableList(all);
        byName = Collections.unmodifiableMap(names);
        regularized = all.stream().filter(p -> p.spec().role().regularized()).toArray(Parameter[]::new);

        grad = new Tensor[n];
        edgeGrad = new Tensor[n][];
        opDInputs = new Tensor[n][];
        extraGrads = new Tensor[n][];
        wantsGrad = new boolean[n];
        for (int i = 0; i < n; i++) {
            edgeGrad[i] = new Tensor[opInputs[i].length];
            opDInputs[i] = new Tensor[opInputs[i].length];
        }
    }

    private Parameter bind(ParamSpec spec, Rng initRng) {
        int[] shape = spec.shape().toArray();
        Tensor value = Tensor.zeros(precision, shape);
        ParameterInit.fill(spec, value, initRng);
        Tensor g = spec.role().trainable() ? Tensor.zeros(precision, shape) : null;
        return new Parameter(spec, value, g);
    }

    private static int[] batchShape(Node node, int n) {
        int[] example = node.shape().toArray();
        int[] shape = new int[example.length + 1];
        shape[0] = n;
        System.arraycopy(example, 0, shape, 1, example.length);
        return shape;
    }

    // ---------------------------------------------------------------- forward

    /**
     * The input buffer, sized for a batch of {@code n} examples, shape (n, ...input shape): fill it, then call
     * {@link #forward}. Re-sizes every buffer of the network when {@code n} changes (allocating only when it
     * grows past anything seen before).
     */
    public Tensor input(int n) {
        Preconditions.checkArgument(n >= 1, "a batch needs at least one example, got %s", n);
        if (n != batch) {
            resize(n);
        }
        forwardDone = false;
        lossDone = false;
        return act[0];
    }

    private void resize(int n) {
        batch = n;
        for (int i = 0; i < act.length; i++) {
            act[i].setBatch(n);
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

    /** Runs every node in topological order; returns the output node's activation (owned by the network). */
    public Tensor forward(Mode mode) {
        Preconditions.checkNotNull(mode);
        Preconditions.checkState(batch > 0, "model %s: call input(n) and fill it before forward", graph.model());
        for (int i = 1; i < ops.length; i++) {
            ops[i].forward(opInputs[i], act[i], mode);
        }
        forwardDone = true;
        lossDone = false;
        return act[act.length - 1];
    }

    /**
     * The mean data loss of the last forward against {@code targets} (one per example of the batch); the
     * L2 term is separate ({@link #l2Penalty}).
     *
     * @throws IllegalStateException when the model does not end in a loss layer
     */
    public double loss(Targets targets) {
        if (lossOp == null) {
            throw new IllegalStateException("model " + graph.model()
                    + " has no loss layer: it can run inference but not train");
        }
        Preconditions.checkNotNull(targets);
        Preconditions.checkState(forwardDone, "model %s: call forward before loss", graph.model());
        Preconditions.checkArgument(targets.count() == batch, "%s targets for a batch of %s examples",
                targets.count(), batch);
        int last = ops.length - 1;
        double l = lossOp.loss(opInputs[last], act[last], targets);
        lossDone = true;
        return l;
    }

    // ---------------------------------------------------------------- backward

    /**
     * Fills the gradient of every trainable parameter (and of the input, when asked for) with d(mean data
     * loss)/d(it) for the last forward and loss. Overwrites: nothing accumulates across steps.
     */
    public void backward() {
        Preconditions.checkState(lossDone, "model %s: call forward and loss before backward", graph.model());
        if (!planReady) {
            plan();
        }
        int last = ops.length - 1;
        for (int i = last; i >= 1; i--) {
            if (wantsGrad[i]) {
                Tensor dOut = i == last ? null : gather(i);
                ops[i].backward(opInputs[i], act[i], dOut, opDInputs[i]);
            }
        }
        if (inputGradientNeeded && last > 0) {
            gather(0);
        }
    }

    /** Makes grad[j] the full gradient of node j's output: the sum over its consuming edges. */
    private Tensor gather(int j) {
        Tensor g = grad[j];
        if (consumers.get(j).isEmpty()) {
            g.fill(0.0); // a dead end: its output never reaches the loss
        }
        for (Tensor extra : extraGrads[j]) {
            addScaled(g, extra, 1.0);
        }
        return g;
    }

    /** Decides who runs backward and wires every operand gradient to its buffer, allocating what is new. */
    private void plan() {
        int n = ops.length;
        wantsGrad[0] = inputGradientNeeded;
        for (int i = 1; i < n; i++) {
            boolean w = ownsTrainable[i];
            for (int from : graph.nodes().get(i).inputs()) {
                w |= wantsGrad[from];
            }
            wantsGrad[i] = w;
        }
        for (int j = 0; j < n; j++) {
            List<int[]> edges = consumers.get(j);
            extraGrads[j] = new Tensor[0];
            if (!wantsGrad[j] || j == n - 1) {
                for (int[] e : edges) {
                    opDInputs[e[0]][e[1]] = null;
                }
                continue;
            }
            if (grad[j] == null) {
                grad[j] = Tensor.zeros(precision, batchShape(graph.nodes().get(j), batch));
            }
            extraGrads[j] = new Tensor[Math.max(0, edges.size() - 1)];
            for (int e = 0; e < edges.size(); e++) {
                int consumer = edges.get(e)[0];
                int slot = edges.get(e)[1];
                if (e == 0) {
                    opDInputs[consumer][slot] = grad[j];
                } else {
                    if (edgeGrad[consumer][slot] == null) {
                        edgeGrad[consumer][slot] = Tensor.zeros(precision, batchShape(graph.nodes().get(j), batch));
                    }
                    opDInputs[consumer][slot] = edgeGrad[consumer][slot];
                    extraGrads[j][e - 1] = edgeGrad[consumer][slot];
                }
            }
        }
        planReady = true;
    }

    /**
     * Whether {@link #backward} also computes the gradient with respect to the network input (saliency, the
     * gradient check). Off by default: training never needs it, and the first layer skips that work.
     */
    public void setInputGradientNeeded(boolean needed) {
        if (needed != inputGradientNeeded) {
            inputGradientNeeded = needed;
            planReady = false;
        }
    }

    public boolean inputGradientNeeded() {
        return inputGradientNeeded;
    }

    /** d(mean data loss)/d(input) from the last backward, shape (batch, ...input shape). */
    public Tensor inputGradient() {
        Preconditions.checkState(inputGradientNeeded && planReady && grad[0] != null,
                "model %s: call setInputGradientNeeded(true) before backward to get the input gradient",
                graph.model());
        return grad[0];
    }

    // ---------------------------------------------------------------- L2

    /** ½·l2·Σ‖W‖² over the WEIGHT-role parameters (never biases, batchnorm or running statistics). */
    public double l2Penalty(double l2) {
        if (l2 == 0.0) {
            return 0.0;
        }
        double sum = 0.0;
        for (Parameter p : regularized) {
            Tensor w = p.value();
            for (int i = 0; i < w.size(); i++) {
                double v = w.get(i);
                sum += v * v;
            }
        }
        return 0.5 * l2 * sum;
    }

    /** Adds l2·W, the gradient of {@link #l2Penalty}, to the gradient of every WEIGHT-role parameter. */
    public void addL2Gradient(double l2) {
        if (l2 == 0.0) {
            return;
        }
        for (Parameter p : regularized) {
            addScaled(p.grad(), p.value(), l2);
        }
    }

    /** dst += a·src over dst's current size; the raw arrays when both share a precision. */
    private static void addScaled(Tensor dst, Tensor src, double a) {
        int n = dst.size();
        Preconditions.checkArgument(src.size() == n, "adding %s elements into %s", src.size(), n);
        if (dst instanceof F32Tensor d && src instanceof F32Tensor s) {
            float[] x = d.data();
            float[] y = s.data();
            float af = (float) a;
            for (int i = 0; i < n; i++) {
                x[i] += af * y[i];
            }
        } else if (dst instanceof F64Tensor d && src instanceof F64Tensor s) {
            double[] x = d.data();
            double[] y = s.data();
            for (int i = 0; i < n; i++) {
                x[i] += a * y[i];
            }
        } else {
            for (int i = 0; i < n; i++) {
                dst.add(i, a * src.get(i));
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    /** Every parameter, in graph order and, within a node, in its spec order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameter with the qualified name {@code affine_1.W}. */
    public Parameter parameter(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("model " + graph.model() + " has no parameter '" + name
                    + "'; it has " + byName.keySet());
        }
        return p;
    }

    /** The activation of node {@code id} from the last forward, shape (batch, ...node shape). */
    public Tensor activation(int id) {
        Preconditions.checkElementIndex(id, act.length, "node id");
        return act[id];
    }

    /** The generator shared with the operators (dropout masks); saving its state replays them. */
    public Rng rng() {
        return rng;
    }

    /** The current batch size: the {@code n} of the last {@link #input(int)} (0 before the first). */
    public int batch() {
        return batch;
    }

    public LayerGraph graph() {
        return graph;
    }

    public Precision precision() {
        return precision;
    }

    /** Whether the model ends in a loss layer, i.e. can train. */
    public boolean hasLoss() {
        return lossOp != null;
    }
}
