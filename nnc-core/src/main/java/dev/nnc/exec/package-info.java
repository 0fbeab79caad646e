/**
 * The interpreter ({@code Network}): a graph bound to buffers, forward, backward with accumulation,
 * initialization, the gradient check. Internal, not API: programs and front ends use {@link dev.nnc.api}
 * (docs/api.md).
 */
package dev.nnc.exec;
