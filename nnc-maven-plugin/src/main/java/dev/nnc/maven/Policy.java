package dev.nnc.maven;

import dev.nnc.diag.Diagnostic;
import dev.nnc.diag.Severity;
import java.util.Set;

/**
 * Which warnings fail the build, like javac's {@code -Werror} and gcc's {@code -Werror=code}: all of them
 * ({@code failOnWarning}) or those whose code is listed in {@code <errors>}. Such a warning is reported as an
 * error, its message saying why.
 */
record Policy(boolean failOnWarning, Set<String> errorCodes) {

    Policy {
        errorCodes = Set.copyOf(errorCodes);
    }

    Diagnostic apply(Diagnostic d) {
        if (d.severity() != Severity.WARNING) {
            return d;
        }
        if (errorCodes.contains(d.code())) {
            return new Diagnostic(Severity.ERROR, d.code(), d.message() + " [<errors> lists " + d.code() + "]",
                    d.span(), d.hint());
        }
        if (failOnWarning) {
            return new Diagnostic(Severity.ERROR, d.code(), d.message() + " [failOnWarning]", d.span(), d.hint());
        }
        return d;
    }
}
