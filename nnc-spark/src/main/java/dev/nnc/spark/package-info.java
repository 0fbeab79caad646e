/**
 * The Spark engine of {@code nnc sweep} (docs/sweep.md, "Running on Spark"): one Spark job per trial, run through
 * {@link dev.nnc.api.Sweep#runStudy} so the driver keeps the same study directory as the local engine. Spark is
 * a provided dependency, used through its Java API only.
 */
package dev.nnc.spark;
