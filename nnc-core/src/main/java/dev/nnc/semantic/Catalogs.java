package dev.nnc.semantic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A read-only view of the compiler's catalogues for tools (the language server's completion, hover and
 * signature help): layers, data sets, optimizers and train keys with their signatures and defaults, plus a
 * one-line description of each layer. The signatures are the ones the checker binds against, so what an
 * editor offers is what compiles.
 */
public final class Catalogs {

    private static final Map<String, String> LAYER_DOCS = Map.ofEntries(
            Map.entry("input", "The model's input: input(D) for vectors, input(C, H, W) for images (one example, "
                    + "no batch dimension). Must be the first layer."),
            Map.entry("affine", "Fully connected layer: y = x·W + b, with W of shape (D, units). Flattens an "
                    + "image input first."),
            Map.entry("conv", "2-D convolution over (C, H, W): filters of size × size, stride and zero padding; "
                    + "output (filters, H', W') with H' = (H + 2·pad − size) / stride + 1."),
            Map.entry("maxpool", "Max pooling over size × size windows (stride defaults to the window size)."),
            Map.entry("avgpool", "Average pooling over size × size windows (stride defaults to the window size)."),
            Map.entry("flatten", "Reshapes (C, H, W) to (C·H·W)."),
            Map.entry("relu", "Rectified linear unit: max(0, x), element-wise."),
            Map.entry("sigmoid", "Logistic sigmoid 1 / (1 + e^−x), element-wise."),
            Map.entry("tanh", "Hyperbolic tangent, element-wise."),
            Map.entry("identity", "Passes its input through unchanged."),
            Map.entry("leakyRelu", "Leaky ReLU: x for x > 0, alpha·x otherwise."),
            Map.entry("batchnorm", "Batch normalization (per feature, or per channel on images): learnt gamma "
                    + "and beta, running mean and variance for inference."),
            Map.entry("layernorm", "Layer normalization over each example's features, learnt gamma and beta."),
            Map.entry("dropout", "Inverted dropout: zeroes each activation with probability p while training."),
            Map.entry("softmax", "Softmax cross-entropy loss over the classes (the last layer)."),
            Map.entry("svm", "Multiclass SVM (hinge) loss with a margin (the last layer)."),
            Map.entry("mse", "Mean squared error loss against real-valued targets (the last layer)."));

    private static final Map<String, String> KEY_DOCS = Map.ofEntries(
            Map.entry("data", "The data set: fashionMnist(...), mnist(dir), idx(...), cifar10(dir) or csv(path)."),
            Map.entry("optimizer", "The update rule: sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw "
                    + "(Adam with decoupled weight decay)."),
            Map.entry("epochs", "Passes over the training set."),
            Map.entry("batchSize", "Examples per gradient step."),
            Map.entry("lrDecay", "The learning rate is multiplied by this after every epoch (shorthand for "
                    + "schedule = exponential(rate = ...))."),
            Map.entry("l2", "L2 regularization strength on the weights."),
            Map.entry("seed", "Random seed: same seed, same weights and loss curve bit for bit."),
            Map.entry("precision", "float32 or float64 arithmetic."),
            Map.entry("keepBest", "Keep the weights of the epoch with the best validation accuracy."),
            Map.entry("earlyStop", "Stop after `patience` epochs without a better validation accuracy."),
            Map.entry("augment", "Random transforms of the training batches: rotate(20) - shift(0.1) - flip, ..."),
            Map.entry("schedule", "The learning-rate schedule: constant, step, exponential, cosine (with warm-up), "
                    + "oneCycle or reduceOnPlateau."),
            Map.entry("labelSmoothing", "Softmax label smoothing ε: targets (1 − ε)·onehot + ε/K."));

    private Catalogs() {
    }

    /** The catalogue's layers (not {@code input}), in catalogue order. */
    public static List<LayerDef> layers() {
        return LayerCatalog.layers();
    }

    /** A layer by name or alias, {@code input} included. */
    public static Optional<LayerDef> layer(String name) {
        return name.equals("input") ? Optional.of(LayerCatalog.INPUT) : LayerCatalog.lookup(name);
    }

    public static Optional<String> layerDoc(String name) {
        return layer(name).map(d -> LAYER_DOCS.get(d.name()));
    }

    public static Map<String, Signature> dataSets() {
        return java.util.Collections.unmodifiableMap(TrainCatalog.DATA);
    }

    public static Map<String, Signature> optimizers() {
        return java.util.Collections.unmodifiableMap(TrainCatalog.OPTIMIZERS);
    }

    public static Map<String, Signature> schedules() {
        return java.util.Collections.unmodifiableMap(TrainCatalog.SCHEDULES);
    }

    public static Signature earlyStop() {
        return TrainCatalog.EARLY_STOP;
    }

    /** Every train key with its description, in documentation order. */
    public static Map<String, String> trainKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : TrainCatalog.KEYS) {
            ArgSpec scalar = TrainCatalog.SCALARS.get(k);
            String dflt = scalar == null ? "" : scalar.defaultValue().filter(v -> !TrainCatalog.isNone(v))
                    .map(v -> " Default: " + v.show() + ".").orElse("");
            m.put(k, KEY_DOCS.getOrDefault(k, "") + dflt);
        }
        return m;
    }

    /** The scalar train keys' specs (type and default), by key. */
    public static Map<String, ArgSpec> scalarKeys() {
        return java.util.Collections.unmodifiableMap(TrainCatalog.SCALARS);
    }
}
