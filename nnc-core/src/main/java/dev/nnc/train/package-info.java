/**
 * Optimizers, the training loop, safetensors checkpoints and history (docs/training.md). Internal, not API: use
 * {@link dev.nnc.api} (docs/api.md); the types it names from here (TrainingListener, EpochStats, TrainingResult,
 * Evaluation, ConfusionMatrix, CheckpointException, TrainingException) are API as values it hands out.
 */
package dev.nnc.train;
