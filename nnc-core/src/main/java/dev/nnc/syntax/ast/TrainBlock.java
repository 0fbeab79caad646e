package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/** {@code train { key = value ... }}. */
public record TrainBlock(List<Setting> settings, SourceSpan span) {

    public TrainBlock {
        settings = List.copyOf(settings);
    }
}
