package dev.nnc.api;

/** Thrown by {@link CompileResult#orThrow()} when the source has errors; the message lists them. */
public final class CompilationException extends RuntimeException {

    public CompilationException(String renderedDiagnostics) {
        super(renderedDiagnostics, null, false, false);
    }
}
