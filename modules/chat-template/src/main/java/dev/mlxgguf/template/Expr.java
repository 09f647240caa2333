package dev.mlxgguf.template;

import java.util.List;

/** Expression nodes of the template AST. Immutable; every node knows its 1-based source line. */
sealed interface Expr {

    /** {@return the source line} */
    int line();

    /**
     * A literal string, number, boolean or None.
     *
     * @param value the value
     * @param line  the line
     */
    record Const(Object value, int line) implements Expr {
    }

    /**
     * A variable reference.
     *
     * @param name the name
     * @param line the line
     */
    record Name(String name, int line) implements Expr {
    }

    /**
     * A list display {@code [a, b]}.
     *
     * @param items the elements
     * @param line  the line
     */
    record ListLit(List<Expr> items, int line) implements Expr {
    }

    /**
     * A tuple {@code (a, b)} or {@code a, b}.
     *
     * @param items the elements
     * @param line  the line
     */
    record TupleLit(List<Expr> items, int line) implements Expr {
    }

    /**
     * A dict display {@code {k: v}}.
     *
     * @param keys   the keys
     * @param values the values, parallel to {@code keys}
     * @param line   the line
     */
    record DictLit(List<Expr> keys, List<Expr> values, int line) implements Expr {
    }

    /**
     * {@code target.name}.
     *
     * @param target the object
     * @param name   the attribute
     * @param line   the line
     */
    record Attr(Expr target, String name, int line) implements Expr {
    }

    /**
     * {@code target[key]}; the key may be a {@link Slice}.
     *
     * @param target the object
     * @param key    the subscript
     * @param line   the line
     */
    record Item(Expr target, Expr key, int line) implements Expr {
    }

    /**
     * A slice {@code start:stop:step} inside a subscript; absent parts are {@code null}.
     *
     * @param start the start or {@code null}
     * @param stop  the stop or {@code null}
     * @param step  the step or {@code null}
     * @param line  the line
     */
    record Slice(Expr start, Expr stop, Expr step, int line) implements Expr {
    }

    /**
     * A call {@code callee(args)}.
     *
     * @param callee the called expression
     * @param args   the arguments
     * @param line   the line
     */
    record Call(Expr callee, CallArgs args, int line) implements Expr {
    }

    /**
     * {@code target|name(args)}.
     *
     * @param target the filtered value ({@code null} inside filter blocks and block sets)
     * @param name   the filter name
     * @param impl   the filter, or {@code null} when unknown (a runtime error, as jinja2 allows inside if blocks)
     * @param args   the arguments
     * @param line   the line
     */
    record Filter(Expr target, String name, Filters.Filter impl, CallArgs args, int line) implements Expr {
    }

    /**
     * {@code target is name(args)}.
     *
     * @param target the tested value
     * @param name   the test name
     * @param impl   the test, or {@code null} when unknown (a runtime error)
     * @param args   the arguments
     * @param line   the line
     */
    record Test(Expr target, String name, Tests.Test impl, CallArgs args, int line) implements Expr {
    }

    /** Unary operators. */
    enum UnaryOp { NEG, POS, NOT }

    /**
     * A unary operation.
     *
     * @param op      the operator
     * @param operand the operand
     * @param line    the line
     */
    record Unary(UnaryOp op, Expr operand, int line) implements Expr {
    }

    /** Binary operators, including {@code ~} (string concatenation) and the short-circuit {@code and}/{@code or}. */
    enum BinaryOp { ADD, SUB, MUL, DIV, FLOORDIV, MOD, POW, CONCAT, AND, OR }

    /**
     * A binary operation.
     *
     * @param op    the operator
     * @param left  the left operand
     * @param right the right operand
     * @param line  the line
     */
    record Binary(BinaryOp op, Expr left, Expr right, int line) implements Expr {
    }

    /** Comparison operators. */
    enum CompareOp { EQ, NE, LT, LE, GT, GE, IN, NOT_IN }

    /**
     * A comparison chain {@code a < b <= c}.
     *
     * @param first    the first operand
     * @param ops      the operators
     * @param operands the other operands, parallel to {@code ops}
     * @param line     the line
     */
    record Compare(Expr first, List<CompareOp> ops, List<Expr> operands, int line) implements Expr {
    }

    /**
     * {@code then if test else otherwise}.
     *
     * @param test      the condition
     * @param then      the value when true
     * @param otherwise the value when false, or {@code null} (gives an undefined value)
     * @param line      the line
     */
    record Cond(Expr test, Expr then, Expr otherwise, int line) implements Expr {
    }

    /**
     * Call arguments.
     *
     * @param positional positional arguments
     * @param names      keyword names, parallel to {@code keywords}
     * @param keywords   keyword values
     * @param varargs    a {@code *args} expression or {@code null}
     * @param kwargs     a {@code **kwargs} expression or {@code null}
     */
    record CallArgs(List<Expr> positional, List<String> names, List<Expr> keywords, Expr varargs, Expr kwargs) {
        /** No arguments. */
        static final CallArgs NONE = new CallArgs(List.of(), List.of(), List.of(), null, null);
    }
}
