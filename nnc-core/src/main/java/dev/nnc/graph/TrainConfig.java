package dev.nnc.graph;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Precision;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The resolved {@code train { }} block of a model, every default filled in (docs/language.md §5).
 *
 * @param data        where the data comes from; empty when the block names none (the CLI's --data may)
 * @param earlyStop   patience in epochs without a better validation accuracy; empty when off
 */
public record TrainConfig(Optional<DataSpec> data, OptimizerSpec optimizer, int epochs, int batchSize,
                          double lrDecay, double l2, OptionalLong seed, Precision precision, boolean keepBest,
                          OptionalInt earlyStop, AugmentSpec augment) {

    public static final OptimizerSpec DEFAULT_OPTIMIZER = new OptimizerSpec("sgd", Map.of("lr", 1e-2));

    public TrainConfig {
        Preconditions.checkNotNull(data);
        Preconditions.checkNotNull(optimizer);
        Preconditions.checkArgument(epochs >= 1, "epochs %s", epochs);
        Preconditions.checkArgument(batchSize >= 1, "batchSize %s", batchSize);
        Preconditions.checkNotNull(seed);
        Preconditions.checkNotNull(precision);
        Preconditions.checkNotNull(earlyStop);
        Preconditions.checkNotNull(augment);
    }

    /** Without augmentation. */
    public TrainConfig(Optional<DataSpec> data, OptimizerSpec optimizer, int epochs, int batchSize, double lrDecay,
                       double l2, OptionalLong seed, Precision precision, boolean keepBest, OptionalInt earlyStop) {
        this(data, optimizer, epochs, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, AugmentSpec.NONE);
    }

    public TrainConfig withAugment(AugmentSpec a) {
        return new TrainConfig(data, optimizer, epochs, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, a);
    }

    /** The configuration of a model without a train block. */
    public static TrainConfig defaults() {
        return new TrainConfig(Optional.empty(), DEFAULT_OPTIMIZER, 10, 100, 1.0, 0.0, OptionalLong.empty(),
                Precision.FLOAT32, true, OptionalInt.empty());
    }

    public TrainConfig withData(DataSpec d) {
        return new TrainConfig(Optional.of(d), optimizer, epochs, batchSize, lrDecay, l2, seed, precision,
                keepBest, earlyStop, augment);
    }

    public TrainConfig withOptimizer(OptimizerSpec o) {
        return new TrainConfig(data, o, epochs, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, augment);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(data, optimizer, e, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, augment);
    }

    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(data, optimizer, epochs, b, lrDecay, l2, seed, precision, keepBest, earlyStop, augment);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(data, optimizer, epochs, batchSize, lrDecay, l2, OptionalLong.of(s), precision,
                keepBest, earlyStop, augment);
    }

    public TrainConfig withPrecision(Precision p) {
        return new TrainConfig(data, optimizer, epochs, batchSize, lrDecay, l2, seed, p, keepBest, earlyStop, augment);
    }
}
