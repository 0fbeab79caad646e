package dev.nnc.exec;
import dev.nnc.tensor.Tensor;
import dev.nnc.tensor.Rng;
import dev.nnc.ops.Parameter;
import dev.nnc.ops.Mode;
import dev.nnc.ops.ExecContext;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.gemm.Gemm;

import com.google.common.base.Preconditions;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.Node;
import dev.nnc.graph.ParamSpec;
import dev.nnc.tensor.Precision;
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
    private final Gemm gemm;
    private final List<Parameter> parameters;
    private final Map<String, Parameter> byName;
    private final Parameter[] regularized;  // the WEIGHT-role parameters, an array so steps iterate without allocating
    private final Operator[] ops;           // ops[0] is null: the input node computes nothing
    private final LossOperator lossOp;      // the output node's operator when it is a loss, else null
    private final Tensor[] act;             // act[i]: (batch, ...node i's shape); act[0] is the input
    private final Tensor[][] opInputs;      // activations of node i's operands, in operand order
    private final GradientRouting routing;
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
        this(graph, precision, seed, operators, Gemm.defaults());
    }

    /** Binds {@code graph} with the operators of {@link OperatorRegistry}, multiplying on {@code gemm}. */
    public Network(LayerGraph graph, Precision precision, long seed, Gemm gemm) {
        this(graph, precision, seed, OperatorRegistry::create, gemm);
    }

    /**
     * As {@link #Network(LayerGraph, Precision, long, OperatorFactory)}, with the GEMM session (kernel,
     * threads, pool) its operators and batches use: one per network, so networks can run side by side.
     */
    public Network(LayerGraph graph, Precision precision, long seed, OperatorFactory operators, Gemm gemm) {
        this.graph = Preconditions.checkNotNull(graph);
        this.gemm = Preconditions.checkNotNull(gemm);
        this.precision = Preconditions.checkNotNull(precision);
        Preconditions.checkNotNull(operators);
        Rng root = new Rng(seed);
        Rng initRng = root.split();
        this.rng = root.split();
        ExecContext ctx = new ExecContext(precision, rng, gemm);

        int n = graph.nodes().size();
        ops = new Operator[n];
        act = new Tensor[n];
        opInputs = new Tensor[n][];
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (Node node : graph.nodes()) {
            int i = node.id();
            act[i] = Tensor.zeros(precision, batchShape(node, 0));
            opInputs[i] = node.inputs().stream().map(from -> act[from]).toArray(Tensor[]::new);
            List<Parameter> own = bindParameters(node, initRng, names);
            if (i > 0) {
                ops[i] = createOperator(operators, node, own, ctx);
            } else {
                Preconditions.checkArgument(own.isEmpty(), "the input node has parameters");
            }
        }
        lossOp = ops[n - 1] instanceof LossOperator l ? l : null;
        parameters = List.copyOf(names.values());
        byName = Collections.unmodifiableMap(names);
        regularized = parameters.stream().filter(p -> p.spec().role().regularized()).toArray(Parameter[]::new);
        routing = new GradientRouting(graph, precision);
    }

    /** The factory's operator for {@code node}; a factory that rejects the node is reported with its name. */
    private static Operator createOperator(OperatorFactory operators, Node node, List<Parameter> params,
                                           ExecContext ctx) {
        Operator op;
        try {
            op = operators.create(node, params, ctx);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("node " + node.name() + ": " + e.getMessage(), e);
        }
        Preconditions.checkState(op != null, "node %s: no operator was created for '%s'", node.name(), node.op());
        return op;
    }

    /** Allocates and initializes {@code node}'s parameters in spec order, adding them to {@code names}. */
    private List<Parameter> bindParameters(Node node, Rng initRng, Map<String, Parameter> names) {
        List<Parameter> own = new ArrayList<>(node.params().size());
        for (ParamSpec spec : node.params()) {
            int[] shape = spec.shape().toArray();
            Tensor value = Tensor.zeros(precision, shape);
            ParameterInit.fill(spec, value, initRng);
            Tensor g = spec.role().trainable() ? Tensor.zeros(precision, shape) : null;
            Parameter p = new Parameter(spec, value, g);
            Preconditions.checkArgument(names.put(spec.name(), p) == null,
                    "node %s: parameter name %s is used twice", node.name(), spec.name());
            own.add(p);
        }
        return Collections.unmodifiableList(own);
    }

    static int[] batchShape(Node node, int n) {
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
        for (Tensor a : act) {
            a.setBatch(n);
        }
        routing.resize(n);
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
        routing.prepare(batch);
        int last = ops.length - 1;
        for (int i = last; i >= 1; i--) {
            if (routing.wants(i)) {
                Tensor dOut = i == last ? null : routing.gather(i); // a loss computes its own
                ops[i].backward(opInputs[i], act[i], dOut, routing.dInputs(i));
            }
        }
        if (routing.inputNeeded() && last > 0) {
            routing.gather(0);
        }
    }

    /**
     * Whether {@link #backward} also computes the gradient with respect to the network input (saliency, the
     * gradient check). Off by default: training never needs it, and the first layer skips that work.
     */
    public void setInputGradientNeeded(boolean needed) {
        routing.setInputNeeded(needed);
    }

    public boolean inputGradientNeeded() {
        return routing.inputNeeded();
    }

    /** d(mean data loss)/d(input) from the last backward, shape (batch, ...input shape). */
    public Tensor inputGradient() {
        Tensor g = routing.inputGradient();
        Preconditions.checkState(g != null,
                "model %s: call setInputGradientNeeded(true) before backward to get the input gradient",
                graph.model());
        return g;
    }

    // ---------------------------------------------------------------- L2

    /** ½·l2·Σ‖W‖² over the WEIGHT-role parameters (never biases, batchnorm or running statistics). */
    public double l2Penalty(double l2) {
        if (l2 == 0.0) {
            return 0.0;
        }
        double sum = 0.0;
        for (Parameter p : regularized) {
            sum += TensorMath.sumOfSquares(p.value());
        }
        return 0.5 * l2 * sum;
    }

    /** Adds l2·W, the gradient of {@link #l2Penalty}, to the gradient of every WEIGHT-role parameter. */
    public void addL2Gradient(double l2) {
        if (l2 == 0.0) {
            return;
        }
        for (Parameter p : regularized) {
            TensorMath.addScaled(p.grad(), p.value(), l2);
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
    /** The GEMM session (kernel, threads, pool) this network's operators multiply on. */
    public Gemm gemm() {
        return gemm;
    }

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
