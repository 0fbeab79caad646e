/**
 * The AST: sealed interfaces and immutable records, each with its source span. Internal, not API: programs and
 * front ends use {@link dev.nnc.api} (docs/api.md).
 */
package dev.nnc.syntax.ast;
