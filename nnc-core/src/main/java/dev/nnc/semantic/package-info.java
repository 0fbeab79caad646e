/**
 * Imports, evaluation of vals and funs, argument binding, the layer and train catalogues, shape inference and
 * lowering to a {@link dev.nnc.graph.LayerGraph}. Internal, not API: use {@link dev.nnc.api} (docs/api.md); the
 * types it names from here (CompiledModel) are API as values it hands out.
 */
package dev.nnc.semantic;
