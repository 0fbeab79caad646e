package dev.nnc.cli;

import dev.nnc.api.Emit;
import dev.nnc.semantic.CompiledModel;
import java.util.Locale;
import java.util.function.Function;

/** What {@code nnc compile --emit} produces; each value names its emitter in {@code dev.nnc.emit}. */
enum EmitFormat {
    SUMMARY(Emit::summary),
    JSON(Emit::graphJson),
    DOT(Emit::dot);

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
