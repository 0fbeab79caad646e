/**
 * Source spans, diagnostics and their rendering ({@code file:line:col: error: ...}, caret, hint). Internal, not
 * API: use {@link dev.nnc.api} (docs/api.md); the value types of this package that docs/api.md lists are API
 * too.
 */
package dev.nnc.diag;
