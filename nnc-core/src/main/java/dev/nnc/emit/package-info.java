/**
 * Text forms of a compiled model: the Keras-style summary table, the versioned JSON graph
 * (docs/graph-json.md) and Graphviz dot. Pure functions from a {@link dev.nnc.semantic.CompiledModel} to a
 * string; nothing here prints or touches files (that is {@code dev.nnc.cli}).
 * Internal, not API: front ends use the API's {@code Emit}.
 */
package dev.nnc.emit;
