/**
 * One operator per file, forward and backward side by side; the operator contract and the registry
 * (CONTRIBUTING.md: adding a layer). Internal, not API: programs and front ends use {@link dev.nnc.api}
 * (docs/api.md).
 */
package dev.nnc.ops;
