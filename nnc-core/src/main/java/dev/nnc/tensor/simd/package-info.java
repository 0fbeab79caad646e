/**
 * The vectorized element loops and direct convolution loops (Vector API, with a plain-Java twin).
 * Internal, not API.
 */
package dev.nnc.tensor.simd;
