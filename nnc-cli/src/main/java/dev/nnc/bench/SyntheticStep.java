package dev.nnc.bench;

import dev.nnc.ops.Mode;
import dev.nnc.exec.Network;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.tensor.Rng;
import dev.nnc.tensor.Targets;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.LayerGraph;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.TrainConfig;
import dev.nnc.ops.OperatorFactory;
import dev.nnc.ops.OperatorRegistry;
import dev.nnc.train.Optimizer;
import dev.nnc.train.Optimizers;

/**
 * A model bound to seeded random weights, one batch of standard-normal inputs and uniform random labels (or
 * normal regression targets), and the optimizer of its train block: {@link #train()} is one step of the
 * training loop exactly as {@code Trainer} runs it (forward TRAIN, loss + L2, backward, L2 gradient, optimizer
 * step) and {@link #infer()} one forward INFER. No data is loaded, so only the model's own work is timed.
 */
public final class SyntheticStep {

    private final Network net;
    private final Optimizer optimizer;
    private final Targets targets;
    private final double l2;
    private final int batch;
    private double lastLoss;

    public SyntheticStep(LayerGraph graph, Precision precision, int batch, long seed) {
        this(graph, precision, batch, seed, OperatorRegistry::create);
    }

    /** With operators from {@code operators} (a test wraps them to count what each allocates). */
    public SyntheticStep(LayerGraph graph, Precision precision, int batch, long seed, OperatorFactory operators) {
        this(graph, precision, batch, seed, operators, Gemm.defaults());
    }

    /** With its own GEMM session (kernel, threads): what {@code nnc bench --threads} measures. */
    public SyntheticStep(LayerGraph graph, Precision precision, int batch, long seed, OperatorFactory operators,
                         Gemm gemm) {
        TrainConfig config = graph.train();
        this.batch = batch;
        this.l2 = config.l2();
        this.net = new Network(graph, precision, seed, operators, gemm);
        this.optimizer = net.hasLoss() ? Optimizers.create(config.optimizer(), net.parameters()) : null;
        Rng rng = new Rng(seed ^ 0x5DEECE66DL);
        Tensor x = net.input(batch);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextGaussian());
        }
        int outputs = (int) graph.output().shape().size();
        if (graph.isClassifier()) {
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = rng.nextInt(outputs);
            }
            targets = Targets.labels(labels);
        } else {
            Tensor v = x.zerosLike(batch, outputs);
            for (int i = 0; i < v.size(); i++) {
                v.set(i, rng.nextGaussian());
            }
            targets = Targets.values(v);
        }
    }

    public boolean canTrain() {
        return optimizer != null;
    }

    public int batch() {
        return batch;
    }

    public Network network() {
        return net;
    }

    /** One optimizer step on the synthetic batch; returns its loss (data + L2). */
    public double train() {
        net.input(batch);
        net.forward(Mode.TRAIN);
        lastLoss = net.loss(targets) + net.l2Penalty(l2);
        net.backward();
        net.addL2Gradient(l2);
        optimizer.step();
        return lastLoss;
    }

    /** One inference pass on the synthetic batch. */
    public void infer() {
        net.input(batch);
        net.forward(Mode.INFER);
    }

    public double lastLoss() {
        return lastLoss;
    }
}
