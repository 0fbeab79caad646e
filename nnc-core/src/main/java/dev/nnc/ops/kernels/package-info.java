/**
 * The operators' fast paths: raw-array float32 (and float64) loops, direct convolution, im2col, each behind
 * an operator of {@link dev.nnc.ops} whose file holds the formulas and the plain float64 reference code the
 * kernels here are tested against (CONTRIBUTING.md: adding a layer). Internal, not API: programs and front
 * ends use {@link dev.nnc.api} (docs/api.md).
 */
package dev.nnc.ops.kernels;
