/**
 * Source spans, diagnostics and their rendering ({@code file:line:col: error: ...}, caret, hint). Internal, not
 * API: use {@link dev.nnc.api} (docs/api.md); the types it names from here (Diagnostic, SourceSpan, Severity,
 * SourceText) are API as values it hands out.
 */
package dev.nnc.diag;
