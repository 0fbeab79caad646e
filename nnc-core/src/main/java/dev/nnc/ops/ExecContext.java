package dev.nnc.ops;
import dev.nnc.tensor.Rng;

import dev.nnc.graph.Precision;

/**
 * What an operator may need from the network it lives in: the precision of its tensors and the network's
 * random generator (dropout masks). The generator is shared so that saving or restoring its one-long state
 * replays every mask, which both resuming a run and the gradient check rely on.
 */
public record ExecContext(Precision precision, Rng rng) {
}
