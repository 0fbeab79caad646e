package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/**
 * {@code model Name(params) { lines; train { } }}. The lines are chained like a {@link Block}; a model
 * normally has one train block, and the checker reports a second.
 */
public record ModelDecl(String name, List<Param> params, List<Expr> lines, List<TrainBlock> trainBlocks,
                        SourceSpan nameSpan, SourceSpan span) implements Decl {

    public ModelDecl {
        params = List.copyOf(params);
        lines = List.copyOf(lines);
        trainBlocks = List.copyOf(trainBlocks);
    }
}
