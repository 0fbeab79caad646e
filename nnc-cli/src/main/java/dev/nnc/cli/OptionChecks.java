package dev.nnc.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The one way commands check option values picocli cannot: a bad value throws picocli's
 * {@link ParameterException}, which {@link Main} reports as a usage error (exit 2) with a pointer to
 * {@code --help}. Messages read "{@code --option must be ..., got VALUE}".
 */
final class OptionChecks {

    private OptionChecks() {
    }

    /** @throws ParameterException with {@code message} unless {@code ok} */
    static void require(CommandSpec spec, boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    /** An optional count: absent (null) or at least 1. */
    static void atLeastOne(CommandSpec spec, String option, Integer value) {
        require(spec, value == null || value >= 1, option + " must be at least 1, got " + value);
    }

    /** One of a few words. */
    static void oneOf(CommandSpec spec, String option, String value, String... allowed) {
        require(spec, Arrays.asList(allowed).contains(value), option + " must be "
                + Arrays.stream(allowed).collect(Collectors.joining(" or ")) + ", got '" + value + "'");
    }
}
