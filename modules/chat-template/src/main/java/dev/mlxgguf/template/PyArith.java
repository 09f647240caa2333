package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.List;

/**
 * Python arithmetic on template values: int (a {@code long}; results that overflow it raise
 * {@code OverflowError} instead of growing as Python's do), float, bool as int, string and list
 * concatenation and repetition, {@code str % args} formatting. Sizes of built strings and lists are
 * checked against the render's bound before they are allocated.
 */
final class PyArith {

    private PyArith() {
    }

    /**
     * Applies a binary operator (not {@code and}/{@code or}, which short-circuit in the evaluator).
     *
     * @param session the render
     * @param op      the operator
     * @param a       the left operand
     * @param b       the right operand
     * @return the result
     */
    static Object binary(Session session, Expr.BinaryOp op, Object a, Object b) {
        if (op == Expr.BinaryOp.CONCAT) {
            String left = PyRepr.str(a);
            String right = PyRepr.str(b);
            session.checkSize((long) left.length() + right.length());
            return left + right;
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (op == Expr.BinaryOp.MOD && a instanceof String s) {
            // str.__mod__ runs before the right operand's __rmod__, so even an undefined argument formats.
            return PyFormat.percent(session, s, b);
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        if (PyObjects.isNumber(a) && PyObjects.isNumber(b)) {
            return numeric(op, a, b);
        }
        return switch (op) {
            case ADD -> add(session, a, b);
            case MUL -> multiply(session, a, b);
            case MOD -> {
                if (a instanceof String s) {
                    yield PyFormat.percent(session, s, b);
                }
                throw unsupported("%", a, b);
            }
            default -> throw unsupported(symbol(op), a, b);
        };
    }

    private static Object add(Session session, Object a, Object b) {
        switch (a) {
            case null -> throw unsupported("+", a, b);
            case String s when b instanceof String t -> {
                session.checkSize((long) s.length() + t.length());
                return s + t;
            }
            case List<?> l when b instanceof List<?> m -> {
                return concat(session, l, m);
            }
            case PyTuple t when b instanceof PyTuple u -> {
                return new PyTuple(concat(session, t.items(), u.items()));
            }
            case String ignored -> throw PyException.typeError("can only concatenate str (not \""
                    + PyObjects.typeName(b) + "\") to str");
            case List<?> ignored -> throw PyException.typeError("can only concatenate list (not \""
                    + PyObjects.typeName(b) + "\") to list");
            case PyTuple ignored -> throw PyException.typeError("can only concatenate tuple (not \""
                    + PyObjects.typeName(b) + "\") to tuple");
            default -> throw unsupported("+", a, b);
        }
    }

    private static List<Object> concat(Session session, List<?> a, List<?> b) {
        session.checkSize((long) a.size() + b.size());
        session.step(a.size() + b.size());
        List<Object> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    private static Object multiply(Session session, Object a, Object b) {
        boolean leftIsSequence = a instanceof String || a instanceof List || a instanceof PyTuple;
        Object seq = leftIsSequence ? a : b;
        Object times = leftIsSequence ? b : a;
        if (!PyObjects.isInt(times)) {
            if (seq instanceof String || seq instanceof List || seq instanceof PyTuple) {
                throw PyException.typeError("can't multiply sequence by non-int of type '" + PyObjects.typeName(times) + "'");
            }
            throw unsupported("*", a, b);
        }
        long n = Math.max(0, PyObjects.asLong(times));
        return switch (seq) {
            case null -> throw unsupported("*", a, b);
            case String s -> {
                session.checkSize(s.length() * n);
                yield s.repeat((int) n);
            }
            case List<?> l -> repeat(session, l, n);
            case PyTuple t -> new PyTuple(repeat(session, t.items(), n));
            default -> throw unsupported("*", a, b);
        };
    }

    private static List<Object> repeat(Session session, List<?> items, long n) {
        session.checkSize(items.size() * n);
        session.step(items.size() * n);
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            out.addAll(items);
        }
        return out;
    }

    private static Object numeric(Expr.BinaryOp op, Object a, Object b) {
        boolean floats = a instanceof Double || b instanceof Double;
        if (op == Expr.BinaryOp.DIV) {
            double y = PyObjects.asDouble(b);
            if (y == 0) {
                throw PyException.of("ZeroDivisionError", floats ? "float division by zero" : "division by zero");
            }
            return PyObjects.asDouble(a) / y;
        }
        if (floats) {
            return floatOp(op, PyObjects.asDouble(a), PyObjects.asDouble(b));
        }
        long x = PyObjects.asLong(a);
        long y = PyObjects.asLong(b);
        try {
            return switch (op) {
                case ADD -> Math.addExact(x, y);
                case SUB -> Math.subtractExact(x, y);
                case MUL -> Math.multiplyExact(x, y);
                case FLOORDIV -> {
                    requireNonZero(y, "integer division or modulo by zero");
                    yield Math.floorDiv(x, y);
                }
                case MOD -> {
                    requireNonZero(y, "integer modulo by zero");
                    yield Math.floorMod(x, y);
                }
                case POW -> {
                    if (y >= 0) {
                        yield power(x, y);
                    }
                    if (x == 0) {
                        throw PyException.of("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                    }
                    yield Math.pow(x, y);
                }
                default -> throw new IllegalStateException(op.name());
            };
        } catch (ArithmeticException e) {
            throw PyException.of("OverflowError", "integer result too large for this template engine");
        }
    }

    private static long power(long base, long exp) {
        long result = 1;
        long b = base;
        long e = exp;
        while (e > 0) {
            if ((e & 1) == 1) {
                result = Math.multiplyExact(result, b);
            }
            e >>= 1;
            if (e > 0) {
                b = Math.multiplyExact(b, b);
            }
        }
        return result;
    }

    private static double floatOp(Expr.BinaryOp op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case FLOORDIV -> {
                requireNonZero(y, "float floor division by zero");
                yield Math.floor(x / y);
            }
            case MOD -> {
                requireNonZero(y, "float modulo");
                double r = x % y;
                yield r != 0 && (y < 0) != (r < 0) ? r + y : r;
            }
            case POW -> {
                if (x == 0 && y < 0) {
                    throw PyException.of("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                }
                double r = Math.pow(x, y);
                if (Double.isInfinite(r) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
                    throw PyException.of("OverflowError", "(34, 'Numerical result out of range')");
                }
                yield r;
            }
            default -> throw new IllegalStateException(op.name());
        };
    }

    private static void requireNonZero(double y, String message) {
        if (y == 0) {
            throw PyException.of("ZeroDivisionError", message);
        }
    }

    /**
     * Unary minus or plus.
     *
     * @param negate minus when true
     * @param value  the operand
     * @return the result
     */
    static Object unary(boolean negate, Object value) {
        if (value instanceof Undefined u) {
            throw u.error();
        }
        if (value instanceof Double d) {
            return negate ? -d : d;
        }
        if (PyObjects.isInt(value)) {
            long l = PyObjects.asLong(value);
            if (negate && l == Long.MIN_VALUE) {
                throw PyException.of("OverflowError", "integer result too large for this template engine");
            }
            return negate ? -l : l;
        }
        throw PyException.typeError("bad operand type for unary " + (negate ? "-" : "+") + ": '"
                + PyObjects.typeName(value) + "'");
    }

    private static String symbol(Expr.BinaryOp op) {
        return switch (op) {
            case ADD -> "+";
            case SUB -> "-";
            case MUL -> "*";
            case DIV -> "/";
            case FLOORDIV -> "//";
            case MOD -> "%";
            case POW -> "** or pow()";
            default -> op.name();
        };
    }

    private static PyException unsupported(String op, Object a, Object b) {
        return PyException.typeError("unsupported operand type(s) for " + op + ": '" + PyObjects.typeName(a)
                + "' and '" + PyObjects.typeName(b) + "'");
    }
}
