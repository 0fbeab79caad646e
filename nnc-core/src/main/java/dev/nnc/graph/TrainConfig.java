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
 * @param lrDecay     the per-epoch factor of an {@code exponential} schedule ({@code lrDecay = d} is shorthand for
 *                    {@code schedule = exponential(rate = d)}); 1 under every other schedule
 * @param earlyStop   patience in epochs without a better validation accuracy; empty when off
 * @param schedule    the learning-rate schedule; {@link ScheduleSpec#CONSTANT} when none is set
 * @param labelSmoothing ε of softmax label smoothing in [0, 1): targets (1 − ε)·onehot + ε/K; 0 when off
 */
public record TrainConfig(Optional<DataSpec> data, OptimizerSpec optimizer, int epochs, int batchSize,
                          double lrDecay, double l2, OptionalLong seed, Precision precision, boolean keepBest,
                          OptionalInt earlyStop, AugmentSpec augment, ScheduleSpec schedule, double labelSmoothing) {

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
        Preconditions.checkNotNull(schedule);
        Preconditions.checkArgument(labelSmoothing >= 0 && labelSmoothing < 1, "labelSmoothing %s", labelSmoothing);
        // lrDecay and an exponential schedule are one setting: keep them in agreement
        if (schedule.isConstant() && lrDecay != 1.0) {
            schedule = ScheduleSpec.exponential(lrDecay);
        } else if (schedule.name().equals("exponential")) {
            Preconditions.checkArgument(lrDecay == 1.0 || lrDecay == schedule.get("rate"),
                    "lrDecay %s and schedule %s disagree", lrDecay, schedule.describe());
            lrDecay = schedule.get("rate");
        } else {
            Preconditions.checkArgument(lrDecay == 1.0, "lrDecay %s and schedule %s both set the learning rate",
                    lrDecay, schedule.describe());
        }
    }

    /** Without a schedule beyond {@code lrDecay}, or label smoothing. */
    public TrainConfig(Optional<DataSpec> data, OptimizerSpec optimizer, int epochs, int batchSize, double lrDecay,
                       double l2, OptionalLong seed, Precision precision, boolean keepBest, OptionalInt earlyStop,
                       AugmentSpec augment) {
        this(data, optimizer, epochs, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, augment,
                ScheduleSpec.CONSTANT, 0.0);
    }

    /** Without augmentation. */
    public TrainConfig(Optional<DataSpec> data, OptimizerSpec optimizer, int epochs, int batchSize, double lrDecay,
                       double l2, OptionalLong seed, Precision precision, boolean keepBest, OptionalInt earlyStop) {
        this(data, optimizer, epochs, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, AugmentSpec.NONE);
    }

    public TrainConfig withAugment(AugmentSpec a) {
        return new TrainConfig(data, optimizer, epochs, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, a,
                schedule, labelSmoothing);
    }

    /** The schedule replaces {@code lrDecay}, which becomes the schedule's rate if it is exponential, else 1. */
    public TrainConfig withSchedule(ScheduleSpec s) {
        return new TrainConfig(data, optimizer, epochs, batchSize, 1.0, l2, seed, precision, keepBest, earlyStop,
                augment, s, labelSmoothing);
    }

    public TrainConfig withLabelSmoothing(double eps) {
        return new TrainConfig(data, optimizer, epochs, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop,
                augment, schedule, eps);
    }

    /** The configuration of a model without a train block. */
    public static TrainConfig defaults() {
        return new TrainConfig(Optional.empty(), DEFAULT_OPTIMIZER, 10, 100, 1.0, 0.0, OptionalLong.empty(),
                Precision.FLOAT32, true, OptionalInt.empty());
    }

    public TrainConfig withData(DataSpec d) {
        return new TrainConfig(Optional.of(d), optimizer, epochs, batchSize, lrDecay, l2, seed, precision,
                keepBest, earlyStop, augment,
                schedule, labelSmoothing);
    }

    public TrainConfig withOptimizer(OptimizerSpec o) {
        return new TrainConfig(data, o, epochs, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, augment,
                schedule, labelSmoothing);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(data, optimizer, e, batchSize, lrDecay, l2, seed, precision, keepBest, earlyStop, augment,
                schedule, labelSmoothing);
    }

    public TrainConfig withBatchSize(int b) {
        return new TrainConfig(data, optimizer, epochs, b, lrDecay, l2, seed, precision, keepBest, earlyStop, augment,
                schedule, labelSmoothing);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(data, optimizer, epochs, batchSize, lrDecay, l2, OptionalLong.of(s), precision,
                keepBest, earlyStop, augment,
                schedule, labelSmoothing);
    }

    public TrainConfig withPrecision(Precision p) {
        return new TrainConfig(data, optimizer, epochs, batchSize, lrDecay, l2, seed, p, keepBest, earlyStop, augment,
                schedule, labelSmoothing);
    }
}
