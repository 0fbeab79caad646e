package dev.nnc.train;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Shapes in error messages, written as {@link dev.nnc.graph.Shape} prints them: {@code (784, 100)}. */
final class ShapeText {

    private ShapeText() {
    }

    static String of(int[] dims) {
        return Arrays.stream(dims).mapToObj(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    static String of(long[] dims) {
        return Arrays.stream(dims).mapToObj(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }
}
