/**
 * Hyperparameter studies (docs/sweep.md): the checked {@code sweep { }} block ({@link SweepSpec}), the trials
 * drawn from it ({@link Trials}: trial i's configuration and training seed depend only on the study seed and
 * i), and the study directory's open formats ({@link Journal}, {@link Leaderboard}). No training here: the
 * engines that run trials (the API's {@code Sweep} locally, a Spark module later) sit above. Internal, not
 * API: use {@link dev.nnc.api} (docs/api.md); the value types of this package that docs/api.md lists are API too.
 */
package dev.nnc.sweep;
