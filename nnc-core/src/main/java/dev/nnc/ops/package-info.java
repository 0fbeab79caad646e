/**
 * One operator per file: its formulas and plain float64 reference code, forward and backward side by side;
 * the fast paths they call live in {@code ops.kernels}. The operator contract and the registry
 * (CONTRIBUTING.md: adding a layer). Internal, not API: programs and front ends use {@link dev.nnc.api}
 * (docs/api.md).
 */
package dev.nnc.ops;
