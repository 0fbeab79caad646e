package dev.nnc.diag;

import com.google.common.base.Preconditions;
import java.util.Optional;

/**
 * One message about the user's program: where, how bad, a stable code for tools, what is wrong, and
 * how to fix it when we know.
 */
public record Diagnostic(Severity severity, String code, String message, SourceSpan span, Optional<String> hint) {

    public Diagnostic {
        Preconditions.checkNotNull(severity);
        Preconditions.checkNotNull(code);
        Preconditions.checkNotNull(message);
        Preconditions.checkNotNull(span);
        Preconditions.checkNotNull(hint);
    }

    public static Diagnostic error(String code, SourceSpan span, String message) {
        return new Diagnostic(Severity.ERROR, code, message, span, Optional.empty());
    }

    public static Diagnostic warning(String code, SourceSpan span, String message) {
        return new Diagnostic(Severity.WARNING, code, message, span, Optional.empty());
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(severity, code, message, span, Optional.ofNullable(newHint));
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: error: message}, the first line of the rendered form. */
    public String headline() {
        return span + ": " + severity.label() + ": " + message;
    }
}
