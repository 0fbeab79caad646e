package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/** {@code sweep { key = choice(...) ... }}: the hyperparameter search of a model (docs/sweep.md). */
public record SweepBlock(List<Setting> settings, SourceSpan span) {

    public SweepBlock {
        settings = List.copyOf(settings);
    }
}
