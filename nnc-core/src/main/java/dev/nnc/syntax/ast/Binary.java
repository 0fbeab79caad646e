package dev.nnc.syntax.ast;

import dev.nnc.diag.SourceSpan;

/** {@code left op right}; {@code -} also chains two stacks. */
public record Binary(Op op, Expr left, Expr right, SourceSpan opSpan, SourceSpan span) implements Expr {

    public enum Op {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), MOD("%");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("operator " + symbol);
        }
    }
}
