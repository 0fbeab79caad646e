package dev.nnc.semantic;

import dev.nnc.graph.Init;
import java.util.List;

/**
 * What an expression evaluates to. Numbers follow Kotlin: Int op Int is Int (overflow is an error),
 * anything with a Double is Double. A {@link Stack} is a sequence of layers ready to be lowered.
 * {@link Error} marks an expression that already produced a diagnostic, so nothing downstream reports
 * it again.
 */
public sealed interface Value {

    /** The type name used in messages: Int, Double, Boolean, String, Stack, initializer. */
    String typeName();

    record IntV(long value) implements Value {
        public String typeName() {
            return "Int";
        }
    }

    record DoubleV(double value) implements Value {
        public String typeName() {
            return "Double";
        }
    }

    record BoolV(boolean value) implements Value {
        public String typeName() {
            return "Boolean";
        }
    }

    record StringV(String value) implements Value {
        public String typeName() {
            return "String";
        }
    }

    /** A bare word with a meaning in some argument position: {@code float32}, {@code float64}. */
    record SymbolV(String name) implements Value {
        public String typeName() {
            return "symbol";
        }
    }

    record InitV(Init init) implements Value {
        public String typeName() {
            return "initializer";
        }
    }

    record StackV(List<StackItem> items) implements Value {
        public StackV {
            items = List.copyOf(items);
        }

        public String typeName() {
            return "Stack";
        }

        /** Number of nodes this stack lowers to (a residual adds its branch and add nodes). */
        public long nodeCount() {
            return items.stream().mapToLong(StackItem::nodeCount).sum();
        }
    }

    /** {@code [a, b]} or {@code (a, b)}: weights written in the file, an image size. */
    record ListV(List<Value> items) implements Value {
        public ListV {
            items = List.copyOf(items);
        }

        public String typeName() {
            return "List";
        }
    }

    record Error() implements Value {
        public String typeName() {
            return "error";
        }
    }

    Value ERROR = new Error();

    default boolean isNumber() {
        return this instanceof IntV || this instanceof DoubleV;
    }

    default double asDouble() {
        return this instanceof IntV i ? i.value() : ((DoubleV) this).value();
    }

    /** How the value reads in a message: {@code 3}, {@code 0.5}, {@code "x"}, {@code a stack of 4 layers}. */
    default String show() {
        if (this instanceof IntV i) {
            return Long.toString(i.value());
        } else if (this instanceof DoubleV d) {
            return Double.toString(d.value());
        } else if (this instanceof BoolV b) {
            return Boolean.toString(b.value());
        } else if (this instanceof StringV s) {
            return '"' + s.value() + '"';
        } else if (this instanceof SymbolV s) {
            return s.name();
        } else if (this instanceof InitV i) {
            return i.init().describe();
        } else if (this instanceof ListV l) {
            return l.items().stream().map(Value::show).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
        } else if (this instanceof StackV s) {
            return "a stack of " + s.items().size() + (s.items().size() == 1 ? " layer" : " layers");
        }
        return "<error>";
    }
}
