package dev.nnc.lsp;

import dev.nnc.diag.SourceSpan;
import dev.nnc.syntax.ast.Arg;
import dev.nnc.syntax.ast.Binary;
import dev.nnc.syntax.ast.Block;
import dev.nnc.syntax.ast.Call;
import dev.nnc.syntax.ast.Expr;
import dev.nnc.syntax.ast.Negate;
import dev.nnc.syntax.ast.Repeat;
import dev.nnc.syntax.ast.Residual;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Walking and measuring the AST: every sub-expression, the elements of a stack, span containment. */
final class Ast {

    private Ast() {
    }

    /** Visits {@code e} and every expression inside it, outside in. */
    static void walk(Expr e, Consumer<Expr> visit) {
        visit.accept(e);
        if (e instanceof Call c) {
            c.args().stream().map(Arg::value).forEach(a -> walk(a, visit));
        } else if (e instanceof Binary b) {
            walk(b.left(), visit);
            walk(b.right(), visit);
        } else if (e instanceof Negate n) {
            walk(n.operand(), visit);
        } else if (e instanceof Repeat r) {
            walk(r.body(), visit);
            walk(r.count(), visit);
        } else if (e instanceof Block b) {
            b.lines().forEach(l -> walk(l, visit));
        } else if (e instanceof Residual r) {
            walk(r.body(), visit);
        }
    }

    /** The elements of a stack: {@code a - b - c} is [a, b, c]; anything else is itself. */
    static List<Expr> chain(Expr e) {
        List<Expr> out = new ArrayList<>();
        chainInto(e, out);
        return out;
    }

    private static void chainInto(Expr e, List<Expr> out) {
        if (e instanceof Binary b && b.op() == Binary.Op.SUB) {
            chainInto(b.left(), out);
            chainInto(b.right(), out);
        } else {
            out.add(e);
        }
    }

    static boolean contains(SourceSpan outer, SourceSpan inner) {
        return outer.file().equals(inner.file()) && before(outer.line(), outer.column(), inner.line(), inner.column())
                && before(inner.endLine(), inner.endColumn(), outer.endLine(), outer.endColumn());
    }

    /** Whether the 1-based position (line, col) is inside the span (end inclusive, for a cursor after a name). */
    static boolean at(SourceSpan s, int line, int col) {
        return before(s.line(), s.column(), line, col) && before(line, col, s.endLine(), s.endColumn());
    }

    private static boolean before(int l1, int c1, int l2, int c2) {
        return l1 < l2 || (l1 == l2 && c1 <= c2);
    }
}
