package dev.nnc.diag;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Optional;

/**
 * One message about the user's program: where, how bad, a stable code for tools, what is wrong, how to fix
 * it when we know ({@code hint}, for people), and the fixes as edits when the compiler knows them exactly
 * ({@code fixes}, for editors: quick fixes).
 */
public record Diagnostic(Severity severity, String code, String message, SourceSpan span, Optional<String> hint,
                         List<Fix> fixes) {

    public Diagnostic {
        Preconditions.checkNotNull(severity);
        Preconditions.checkNotNull(code);
        Preconditions.checkNotNull(message);
        Preconditions.checkNotNull(span);
        Preconditions.checkNotNull(hint);
        fixes = List.copyOf(fixes);
    }

    /** A diagnostic without a fix. */
    public Diagnostic(Severity severity, String code, String message, SourceSpan span, Optional<String> hint) {
        this(severity, code, message, span, hint, List.of());
    }

    public static Diagnostic error(String code, SourceSpan span, String message) {
        return new Diagnostic(Severity.ERROR, code, message, span, Optional.empty());
    }

    public static Diagnostic warning(String code, SourceSpan span, String message) {
        return new Diagnostic(Severity.WARNING, code, message, span, Optional.empty());
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(severity, code, message, span, Optional.ofNullable(newHint), fixes);
    }

    public Diagnostic withFix(Fix fix) {
        List<Fix> more = new java.util.ArrayList<>(fixes);
        more.add(fix);
        return new Diagnostic(severity, code, message, span, hint, more);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:col: error: message}, the first line of the rendered form. */
    public String headline() {
        return span + ": " + severity.label() + ": " + message;
    }
}
