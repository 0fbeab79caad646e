/**
 * Hyperparameter studies (docs/sweep.md): the checked {@code sweep { }} block ({@link SweepSpec}), the trials
 * drawn from it ({@link Trials}: trial i's configuration and training seed depend only on the study seed and
 * i), and the study directory's open formats ({@link Journal}, {@link Leaderboard}). No training here: the
 * engines that run trials ({@code dev.nnc.api.Sweep} locally, a Spark module later) sit above.
 */
package dev.nnc.sweep;
