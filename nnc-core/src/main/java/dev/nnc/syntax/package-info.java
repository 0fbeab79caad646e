/**
 * The parser facade (ANTLR errors become diagnostics), the newline filter and the AST builder. Internal, not
 * API: programs and front ends use {@link dev.nnc.api} (docs/api.md).
 */
package dev.nnc.syntax;
