/**
 * The immutable layer graph: nodes, shapes, parameters, the resolved train configuration. Internal, not API: use
 * {@link dev.nnc.api} (docs/api.md); the value types of this package that docs/api.md lists are API too.
 */
package dev.nnc.graph;
