package dev.nnc.api;

import com.google.common.base.Preconditions;
import dev.nnc.data.Batches;
import dev.nnc.data.DataChecks;
import dev.nnc.data.DataException;
import dev.nnc.data.DataSplits;
import dev.nnc.data.Dataset;
import dev.nnc.data.Preprocessing;
import dev.nnc.ops.Mode;
import dev.nnc.exec.Network;
import dev.nnc.tensor.gemm.Gemm;
import dev.nnc.ops.Parameter;
import dev.nnc.tensor.Tensor;
import dev.nnc.graph.GraphHash;
import dev.nnc.graph.LayerGraph;
import dev.nnc.graph.ModelSource;
import dev.nnc.tensor.Precision;
import dev.nnc.graph.TrainConfig;
import dev.nnc.semantic.CompiledModel;
import dev.nnc.train.Checkpoint;
import dev.nnc.train.CheckpointException;
import dev.nnc.train.CheckpointMeta;
import dev.nnc.train.Evaluation;
import dev.nnc.train.Trainer;
import dev.nnc.train.TrainingListener;
import dev.nnc.train.TrainingResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/**
 * A compiled model bound to weights: train it, evaluate it, predict with it, save and load it.
 *
 * <pre>{@code
 * LayerGraph graph = Nnc.compile(Path.of("models/fashion_mlp.nn"), CompileOptions.defaults()).orThrow().graph();
 * Model model = Model.create(graph);
 * DataSplits data = Data.load(graph, LoadOptions.all());
 * TrainingResult result = model.train(data, TrainingListener.NONE);
 * Evaluation.Score test = model.evaluate(data.test().orElseThrow());
 * model.save(Path.of("fashion.safetensors"));
 * }</pre>
 */
public final class Model {

    private final LayerGraph graph;
    private final TrainConfig config;
    private final long seed;
    private final Network network;
    private Optional<Preprocessing> preprocessing = Optional.empty();
    private List<String> warnings = List.of();
    private Optional<ModelSource> source = Optional.empty();

    private Model(LayerGraph graph, TrainConfig config, long seed) {
        this(graph, config, seed, Gemm.defaults());
    }

    private Model(LayerGraph graph, TrainConfig config, long seed, Gemm gemm) {
        this.graph = graph;
        this.config = config;
        this.seed = seed;
        this.network = new Network(graph, config.precision(), seed, gemm);
    }

    /** Weights initialized from the train block's seed (a fresh random seed when it names none). */
    public static Model create(LayerGraph graph) {
        return create(graph, graph.train());
    }

    /**
     * With a configuration that differs from the graph's train block (CLI overrides, say). A drawn seed is in
     * 0..2^31-1, the range a train block's {@code seed} (and so {@code --seed}) accepts, so it can be given back.
     */
    public static Model create(LayerGraph graph, TrainConfig config) {
        long seed = config.seed().orElseGet(() -> new java.security.SecureRandom().nextInt() & Integer.MAX_VALUE);
        return new Model(graph, config, seed);
    }

    /**
     * As {@link #create(LayerGraph, TrainConfig)}, multiplying on {@code threads} threads of the model's own
     * (matrix multiplies and the larger layers). Models made this way train side by side without sharing
     * threads; each gives the same bits as when it trains alone.
     */
    public static Model create(LayerGraph graph, TrainConfig config, int threads) {
        long seed = config.seed().orElseGet(() -> new java.security.SecureRandom().nextInt() & Integer.MAX_VALUE);
        return new Model(graph, config, seed, Gemm.withThreads(threads));
    }

    /** The threads this model's matrix multiplies and larger layers run on. */
    public int threads() {
        return network.gemm().threads();
    }

    /** The matrix-multiply kernel this model runs, e.g. {@code java-vector-256} or {@code openblas-0.3.31}. */
    public String gemmKernel() {
        return network.gemm().kernel().name();
    }

    /**
     * A model with the weights and preprocessing of a checkpoint (any precision; converted).
     *
     * @throws CheckpointException naming the file if it cannot be read, does not fit the model, or its
     *                             preprocessing metadata is damaged
     */
    public static Model load(LayerGraph graph, Precision precision, Path checkpoint) {
        return load(graph, precision, checkpoint, false);
    }

    /**
     * As {@link #load(LayerGraph, Precision, Path)}; the checkpoint must have been written by this very graph
     * (its {@code graph_hash}), unless {@code anyGraph}: then weights of matching names and shapes are loaded
     * anyway and {@link #warnings()} says so.
     *
     * @throws CheckpointException for a checkpoint of another graph, or whose tensors or preprocessing do not fit
     */
    public static Model load(LayerGraph graph, Precision precision, Path checkpoint, boolean anyGraph) {
        return load(graph, Optional.empty(), precision, checkpoint, anyGraph);
    }

    /**
     * As {@link #load(LayerGraph, Precision, Path, boolean)} for a model compiled from source: when the graph
     * hash differs, the error (or warning) also says what differs from the source the checkpoint carries: the
     * model, an override, or a file's text (its first differing line).
     */
    public static Model load(CompiledModel compiled, Precision precision, Path checkpoint, boolean anyGraph) {
        return load(compiled.graph(), Optional.of(compiled), precision, checkpoint, anyGraph);
    }

    private static Model load(LayerGraph graph, Optional<CompiledModel> compiled, Precision precision,
                              Path checkpoint, boolean anyGraph) {
        Checkpoint ckpt = Checkpoint.read(checkpoint);
        List<String> warnings = new ArrayList<>();
        if (!ckpt.meta().graphHash().equals(GraphHash.of(graph))) {
            String what = "was written by another model than " + graph.model() + " (its graph hash differs"
                    + compiled.flatMap(c -> CheckpointMismatch.explain(c, ckpt.meta())).map(d -> ": " + d).orElse("");
            if (!anyGraph) {
                throw new CheckpointException(checkpoint, what + "); pass --force to load its weights anyway");
            }
            warnings.add(checkpoint + " " + what + "); loading its weights anyway (--force)");
        }
        Model m = new Model(graph, graph.train().withPrecision(precision), ckpt.meta().seed().orElse(0));
        m.warnings = List.copyOf(warnings);
        m.source = ckpt.meta().source();
        ckpt.loadInto(m.network.parameters());
        String json = ckpt.meta().preprocessing();
        if (!json.isBlank() && !json.equals("{}")) {
            Preprocessing p;
            try {
                p = Preprocessing.fromJson(json);
            } catch (DataException e) {
                throw new CheckpointException(checkpoint, e.getMessage(), e);
            }
            long inputs = graph.inputShape().size();
            if (new dev.nnc.graph.Shape(p.shape()).size() != inputs) {
                throw new CheckpointException(checkpoint, "its preprocessing is for examples of shape "
                        + new dev.nnc.graph.Shape(p.shape()) + ", but the model's input is " + graph.inputShape());
            }
            m.preprocessing = Optional.of(p);
        }
        return m;
    }

    /**
     * Makes {@link #save} (and a {@link TrainingSession}'s checkpoints) carry {@code source}, the model's
     * source files and overrides ({@link dev.nnc.semantic.CompiledModel#source()}), so that
     * {@link Nnc#compileCheckpoint} can rebuild the model from the checkpoint alone.
     */
    public void embedSource(ModelSource source) {
        this.source = Optional.of(source);
    }

    /** The source {@link #save} embeds: given by {@link #embedSource}, or the loaded checkpoint's. */
    public Optional<ModelSource> source() {
        return source;
    }

    /** What {@link #load(LayerGraph, Precision, Path, boolean)} overrode to load the checkpoint. */
    public List<String> warnings() {
        return warnings;
    }

    public LayerGraph graph() {
        return graph;
    }

    /** The interpreter the weights live in: internal (tests of this package reach in). */
    Network network() {
        return network;
    }

    public long seed() {
        return seed;
    }

    public TrainConfig config() {
        return config;
    }

    /** The preprocessing the model was trained with, which evaluation and prediction must apply too. */
    public Optional<Preprocessing> preprocessing() {
        return preprocessing;
    }

    public TrainingResult train(DataSplits data, TrainingListener listener) {
        return trainer(data, Optional.empty()).train(data, listener);
    }

    /** Trains, writing {@code last}/{@code best} checkpoints and {@code history.csv} into {@code runDir}. */
    public TrainingResult train(DataSplits data, Path runDir, TrainingListener listener) {
        return trainer(data, Optional.of(runDir)).train(data, listener);
    }

    /** A trainer for this model and data ({@link TrainingSession} resumes through it). */
    Trainer trainer(DataSplits data, Optional<Path> runDir) {
        checkFits(data);
        preprocessing = Optional.of(data.preprocessing());
        Trainer t = new Trainer(network, config, seed);
        runDir.ifPresent(d -> t.writingTo(d, data.preprocessing().toJson()));
        return t;
    }

    private void checkFits(Dataset data) {
        int outputs = (int) graph.output().shape().size();
        if (graph.isClassifier()) {
            DataChecks.check(data, graph.inputShape(), outputs);
        } else {
            DataChecks.checkRegression(data, graph.inputShape(), outputs);
        }
    }

    private void checkFits(DataSplits data) {
        int outputs = (int) graph.output().shape().size();
        if (graph.isClassifier()) {
            data.check(graph.inputShape(), outputs);
        } else {
            data.checkRegression(graph.inputShape(), outputs);
        }
    }

    /**
     * Loss and accuracy on a data set, seen through the model's preprocessing.
     *
     * @throws DataException if the examples or labels do not fit the model
     */
    public Evaluation.Score evaluate(Dataset data) {
        checkFits(data);
        return Evaluation.of(network, withModelPreprocessing(data), config.batchSize());
    }

    /**
     * The {@code k} most probable classes of every example of {@code inputs}.
     *
     * @throws DataException if the examples do not have the model's input shape
     */
    public List<Prediction> predict(Dataset inputs, int k, List<String> classNames) {
        Preconditions.checkState(graph.isClassifier(), "model %s is not a classifier", graph.model());
        DataChecks.checkShape(inputs, graph.inputShape());
        Dataset d = withModelPreprocessing(inputs);
        int classes = (int) graph.output().shape().size();
        Batches batches = new Batches(d, config.batchSize(), network.gemm());
        List<Prediction> out = new ArrayList<>();
        for (int b = 0; b < batches.batchCount(); b++) {
            int n = batches.fill(b, network.input(batches.batchLength(b)), (int[]) null);
            Tensor probs = network.forward(Mode.INFER);
            for (int i = 0; i < n; i++) {
                int row = i;
                List<Prediction.ClassScore> top = IntStream.range(0, classes).boxed()
                        .sorted(Comparator.comparingDouble((Integer c) -> -probs.get(row * classes + c)))
                        .limit(k)
                        .map(c -> new Prediction.ClassScore(c, classNames.get(c), probs.get(row * classes + c)))
                        .toList();
                out.add(new Prediction(b * config.batchSize() + i, top));
            }
        }
        return out;
    }

    /**
     * The output of the last layer for every example of {@code inputs}, one row per example: class scores or
     * probabilities for a classifier, the values themselves for any other model (a perceptron's step outputs).
     *
     * @throws DataException if the examples do not have the model's input shape
     */
    public double[][] outputs(Dataset inputs) {
        DataChecks.checkShape(inputs, graph.inputShape());
        Dataset d = withModelPreprocessing(inputs);
        int width = (int) graph.output().shape().size();
        Batches batches = new Batches(d, config.batchSize(), network.gemm());
        double[][] out = new double[d.count()][];
        for (int b = 0; b < batches.batchCount(); b++) {
            int n = batches.fill(b, network.input(batches.batchLength(b)), (int[]) null);
            Tensor y = network.forward(Mode.INFER);
            for (int i = 0; i < n; i++) {
                double[] row = new double[width];
                for (int j = 0; j < width; j++) {
                    row[j] = y.get(i * width + j);
                }
                out[b * config.batchSize() + i] = row;
            }
        }
        return out;
    }

    /**
     * The trainable and running parameters, live: their names, shapes and values, for exporters and importers
     * (writing into them changes the model).
     */
    public List<Parameter> parameters() {
        return network.parameters();
    }

    /** Makes {@code p} the preprocessing that evaluation, prediction and {@link #save} use (an importer's). */
    public void usePreprocessing(Preprocessing p) {
        Preconditions.checkArgument(new dev.nnc.graph.Shape(p.shape()).size() == graph.inputShape().size(),
                "preprocessing for shape %s, model input %s", new dev.nnc.graph.Shape(p.shape()), graph.inputShape());
        preprocessing = Optional.of(p);
    }

    /**
     * Saves the weights and preprocessing (no optimizer state) as a safetensors checkpoint, with the model's
     * source when it has one ({@link #embedSource}).
     */
    public void save(Path file) {
        Checkpoint.save(file, new CheckpointMeta(graph.model(), GraphHash.of(graph),
                preprocessing.map(Preprocessing::toJson).orElse("{}"), 0, network.rng().state(), Double.NaN,
                OptionalLong.of(seed), source, java.util.OptionalInt.empty()),
                network.parameters(), null);
    }

    private Dataset withModelPreprocessing(Dataset data) {
        return preprocessing.map(data::withPreprocessing).orElse(data);
    }
}
