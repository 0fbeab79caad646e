package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/**
 * An expression: a number, string or boolean, a name, a call, arithmetic, or a stack of layers. The parser
 * does not know which of these a {@code -} joins; the semantic pass decides from the operands' values.
 */
public sealed interface Expr permits IntLit, DoubleLit, StringLit, BoolLit, NameRef, Call, Binary, Negate,
        Repeat, Block, Residual, ListLit {

    SourceSpan span();
}
