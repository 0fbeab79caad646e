package dev.nnc.train;

import com.google.common.base.Preconditions;
import dev.nnc.graph.ModelSource;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a checkpoint records besides tensors, as the training loop knows it (docs/checkpoint-format.md).
 *
 * @param model         the model's name
 * @param graphHash     a hash of the compiled graph, so {@code --resume} can refuse a changed model
 * @param preprocessing a JSON document describing the input preprocessing (mean, std, ...), stored verbatim
 * @param epoch         epochs completed when the checkpoint was taken
 * @param rngState      the network's {@link dev.nnc.tensor.Rng} state, so a resumed run draws the same numbers
 * @param bestValAcc    the best validation accuracy so far, NaN when there is none yet
 * @param seed          the run's seed (initial weights, each epoch's shuffle), so a resumed run shuffles as the
 *                      original did even when no seed was given; empty in checkpoints written without one
 * @param source        the model's source and overrides, so the checkpoint can be used without its .nn file;
 *                      empty in checkpoints written without it
 * @param limit         the training run's {@code --limit} (first N training examples), so a resumed run loads
 *                      the same data; empty when the run used all of it
 */
public record CheckpointMeta(String model, String graphHash, String preprocessing, int epoch, long rngState,
                             double bestValAcc, OptionalLong seed, Optional<ModelSource> source,
                             OptionalInt limit) {

    public CheckpointMeta {
        Preconditions.checkNotNull(model);
        Preconditions.checkNotNull(graphHash);
        Preconditions.checkNotNull(preprocessing);
        Preconditions.checkArgument(epoch >= 0, "epoch %s", epoch);
        Preconditions.checkNotNull(seed);
        Preconditions.checkNotNull(source);
        Preconditions.checkNotNull(limit);
    }

    /** Without source or limit. */
    public CheckpointMeta(String model, String graphHash, String preprocessing, int epoch, long rngState,
                          double bestValAcc, OptionalLong seed) {
        this(model, graphHash, preprocessing, epoch, rngState, bestValAcc, seed, Optional.empty(),
                OptionalInt.empty());
    }

    /** Without a seed. */
    public CheckpointMeta(String model, String graphHash, String preprocessing, int epoch, long rngState,
                          double bestValAcc) {
        this(model, graphHash, preprocessing, epoch, rngState, bestValAcc, OptionalLong.empty());
    }
}
