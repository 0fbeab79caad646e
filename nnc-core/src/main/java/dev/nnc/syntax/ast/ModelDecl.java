package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;
import java.util.List;

/**
 * {@code model Name(params) { lines; train { }; sweep { } }}. The lines are chained like a {@link Block}; a
 * model normally has one train block and at most one sweep block, and the checker reports a second.
 */
public record ModelDecl(String name, List<Param> params, List<Expr> lines, List<TrainBlock> trainBlocks,
                        SourceSpan nameSpan, SourceSpan span, List<SweepBlock> sweepBlocks) implements Decl {

    public ModelDecl {
        params = List.copyOf(params);
        lines = List.copyOf(lines);
        trainBlocks = List.copyOf(trainBlocks);
        sweepBlocks = List.copyOf(sweepBlocks);
    }

    /** A model without a sweep block. */
    public ModelDecl(String name, List<Param> params, List<Expr> lines, List<TrainBlock> trainBlocks,
                     SourceSpan nameSpan, SourceSpan span) {
        this(name, params, lines, trainBlocks, nameSpan, span, List.of());
    }
}
