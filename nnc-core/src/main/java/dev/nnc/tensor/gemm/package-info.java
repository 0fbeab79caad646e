/**
 * The matrix-multiply kernels (OpenBLAS through a JNI shim, Vector API, plain Java) and the thread pool that
 * splits the products (docs/performance.md). Internal, not API.
 */
package dev.nnc.tensor.gemm;
