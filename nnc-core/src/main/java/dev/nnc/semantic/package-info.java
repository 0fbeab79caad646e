/**
 * Imports, evaluation of vals and funs, argument binding, the layer and train catalogues, shape inference and
 * lowering to a {@link dev.nnc.graph.LayerGraph}. Internal, not API: use {@link dev.nnc.api} (docs/api.md); the
 * value types of this package that docs/api.md lists are API too.
 */
package dev.nnc.semantic;
