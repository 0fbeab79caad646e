/**
 * Float32/float64 tensors, parameters and the seeded generator. Internal, not API: programs and front ends use
 * {@link dev.nnc.api} (docs/api.md).
 */
package dev.nnc.tensor;
