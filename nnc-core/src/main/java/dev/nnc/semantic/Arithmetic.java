package dev.nnc.semantic;

import dev.nnc.syntax.ast.Binary;

/** Int and Double arithmetic with Kotlin's rules; overflow and division by zero are errors, not surprises. */
final class Arithmetic {

    private Arithmetic() {
    }

    /** Java 17 has no Math.divideExact: the one overflowing quotient is Long.MIN_VALUE / -1. */
    private static long divideExact(long x, long y) {
        if (x == Long.MIN_VALUE && y == -1) {
            throw new ArithmeticException("long overflow");
        }
        return x / y;
    }

    static Value apply(Binary b, Value l, Value r, Reporter reporter) {
        if (l instanceof Value.IntV li && r instanceof Value.IntV ri) {
            long x = li.value();
            long y = ri.value();
            try {
                return new Value.IntV(switch (b.op()) {
                    case ADD -> Math.addExact(x, y);
                    case SUB -> Math.subtractExact(x, y);
                    case MUL -> Math.multiplyExact(x, y);
                    case DIV -> divideExact(x, y);
                    case MOD -> x % y;
                });
            } catch (ArithmeticException e) {
                reporter.error(y == 0 ? "division-by-zero" : "overflow", b.span(),
                        y == 0 ? "division by zero" : "integer overflow in " + x + " " + b.op().symbol() + " " + y);
                return Value.ERROR;
            }
        }
        double x = l.asDouble();
        double y = r.asDouble();
        if ((b.op() == Binary.Op.DIV || b.op() == Binary.Op.MOD) && y == 0.0) {
            reporter.error("division-by-zero", b.span(), "division by zero");
            return Value.ERROR;
        }
        return new Value.DoubleV(switch (b.op()) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MOD -> x % y;
        });
    }
}
