package dev.nnc.ops;
import dev.nnc.tensor.Rng;

import com.google.common.base.Preconditions;
import dev.nnc.tensor.Precision;
import dev.nnc.tensor.gemm.Gemm;

/**
 * What an operator may need from the network it lives in: the precision of its tensors, the network's
 * random generator (dropout masks) and its GEMM session (kernel, threads and pool for matrix multiplies and
 * split loops). The generator is shared so that saving or restoring its one-long state replays every mask,
 * which both resuming a run and the gradient check rely on. The GEMM session belongs to the network, not to
 * the process, so two networks can run side by side with different thread counts.
 */
public record ExecContext(Precision precision, Rng rng, Gemm gemm) {

    public ExecContext {
        Preconditions.checkNotNull(precision);
        Preconditions.checkNotNull(rng);
        Preconditions.checkNotNull(gemm);
    }

    /** A context on the default GEMM session ({@link Gemm#defaults()}). */
    public ExecContext(Precision precision, Rng rng) {
        this(precision, rng, Gemm.defaults());
    }
}
