package dev.nnc.cli;

import dev.nnc.emit.DotEmitter;
import dev.nnc.emit.GraphJson;
import dev.nnc.emit.SummaryEmitter;
import dev.nnc.semantic.CompiledModel;
import java.util.Locale;
import java.util.function.Function;

/** What {@code nnc compile --emit} produces; each value names its emitter in {@code dev.nnc.emit}. */
enum EmitFormat {
    SUMMARY(SummaryEmitter::emit),
    JSON(GraphJson::emit),
    DOT(DotEmitter::emit);

    private final Function<CompiledModel, String> emitter;

    EmitFormat(Function<CompiledModel, String> emitter) {
        this.emitter = emitter;
    }

    String emit(CompiledModel model) {
        return emitter.apply(model);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
