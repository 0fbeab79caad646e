/**
 * Optimizers, the training loop, safetensors checkpoints and history (docs/training.md). Internal, not API: use
 * {@link dev.nnc.api} (docs/api.md); the value types of this package that docs/api.md lists are API too.
 */
package dev.nnc.train;
