package dev.nnc.semantic;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/** One element of an evaluated stack: a layer with checked arguments, or a residual block. */
public sealed interface StackItem {

    SourceSpan span();

    long nodeCount();

    /**
     * A catalogue layer. {@code args} are bound and range-checked against the layer's signature, every
     * default filled in; {@code text} is how it reads in messages ({@code affine(10)}).
     */
    record Layer(LayerDef def, java.util.Map<String, Object> args, String text, SourceSpan span) implements StackItem {
        public Layer {
            args = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(args));
        }

        public long nodeCount() {
            return 1;
        }
    }

    /** {@code residual { body }}: lowered to a branch node, the body, and an add node. */
    record Residual(List<StackItem> body, SourceSpan span) implements StackItem {
        public Residual {
            body = List.copyOf(body);
        }

        public long nodeCount() {
            return 2 + body.stream().mapToLong(StackItem::nodeCount).sum();
        }
    }
}
