/**
 * The immutable layer graph: nodes, shapes, parameters, the resolved train configuration. Internal, not API: use
 * {@link dev.nnc.api} (docs/api.md); the types it names from here (LayerGraph, Node, Shape, TrainConfig,
 * Precision, DataSpec, OptimizerSpec) are API as values it hands out.
 */
package dev.nnc.graph;
