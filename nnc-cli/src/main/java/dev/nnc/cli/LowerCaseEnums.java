package dev.nnc.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** Flag values that name an enum constant, spelled in lower case on the command line ({@code --emit json}). */
final class LowerCaseEnums {

    private LowerCaseEnums() {
    }

    static <E extends Enum<E>> void register(CommandLine cl, Class<E> type) {
        cl.registerConverter(type, text -> parse(type, text));
    }

    static <E extends Enum<E>> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new TypeConversionException("expected one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ", but was '"
                + text + "'");
    }
}
