package dev.mlxgguf.template;

import java.util.List;

/** Statement nodes of the template AST. Immutable. */
sealed interface Stmt {

    /**
     * Literal template text.
     *
     * @param text the text
     */
    record Text(String text) implements Stmt {
    }

    /**
     * {@code {{ expr }}}.
     *
     * @param expr the expression
     * @param line the line
     */
    record Print(Expr expr, int line) implements Stmt {
    }

    /**
     * {@code if}/{@code elif}/{@code else}.
     *
     * @param tests     the conditions of the {@code if} and each {@code elif}
     * @param bodies    the bodies, parallel to {@code tests}
     * @param otherwise the {@code else} body (may be empty)
     * @param line      the line
     */
    record If(List<Expr> tests, List<List<Stmt>> bodies, List<Stmt> otherwise, int line) implements Stmt {
    }

    /**
     * {@code for target in iterable [if filter] [recursive]} ... {@code else} ... {@code endfor}.
     *
     * @param target    the loop variable(s)
     * @param iterable  the iterated expression
     * @param filter    the loop filter or {@code null}
     * @param recursive whether {@code loop(...)} may recurse
     * @param body      the body
     * @param otherwise the body run when nothing was iterated
     * @param line      the line
     */
    record For(Target target, Expr iterable, Expr filter, boolean recursive, List<Stmt> body, List<Stmt> otherwise,
               int line) implements Stmt {
    }

    /**
     * {@code set target = value}.
     *
     * @param target the target
     * @param value  the value
     * @param line   the line
     */
    record Set(Target target, Expr value, int line) implements Stmt {
    }

    /**
     * {@code set target [| filters]} ... {@code endset}.
     *
     * @param target  the target
     * @param filters filters applied to the rendered body, in order (their targets are {@code null})
     * @param body    the body
     * @param line    the line
     */
    record SetBlock(Target target, List<Expr.Filter> filters, List<Stmt> body, int line) implements Stmt {
    }

    /**
     * {@code macro} definition.
     *
     * @param macro the macro
     * @param line  the line
     */
    record MacroDef(MacroSpec macro, int line) implements Stmt {
    }

    /**
     * {@code call(args) macro(...)} ... {@code endcall}.
     *
     * @param call   the call expression
     * @param caller the body, as the {@code caller} macro
     * @param line   the line
     */
    record CallBlock(Expr.Call call, MacroSpec caller, int line) implements Stmt {
    }

    /**
     * {@code filter name} ... {@code endfilter}.
     *
     * @param filters the filters, in order (their targets are {@code null})
     * @param body    the body
     * @param line    the line
     */
    record FilterBlock(List<Expr.Filter> filters, List<Stmt> body, int line) implements Stmt {
    }

    /**
     * {@code with a = x, b = y} ... {@code endwith}.
     *
     * @param targets the targets
     * @param values  the values, parallel to {@code targets}
     * @param body    the body
     * @param line    the line
     */
    record With(List<Target> targets, List<Expr> values, List<Stmt> body, int line) implements Stmt {
    }

    /**
     * A body rendered in place: {@code generation} (HF's assistant-mask extension).
     *
     * @param body the body
     * @param line the line
     */
    record Block(List<Stmt> body, int line) implements Stmt {
    }

    /**
     * {@code break}.
     *
     * @param line the line
     */
    record Break(int line) implements Stmt {
    }

    /**
     * {@code continue}.
     *
     * @param line the line
     */
    record Continue(int line) implements Stmt {
    }

    /**
     * An assignment target.
     */
    sealed interface Target {
        /**
         * A plain name.
         *
         * @param name the name
         */
        record Name(String name) implements Target {
        }

        /**
         * Tuple unpacking {@code a, b}.
         *
         * @param items the targets
         */
        record Tuple(List<Target> items) implements Target {
        }

        /**
         * A namespace attribute {@code ns.attr}.
         *
         * @param namespace the namespace variable
         * @param attribute the attribute
         */
        record NamespaceAttr(String namespace, String attribute) implements Target {
        }
    }

    /**
     * A macro (or the body of a call block).
     *
     * @param name          the name
     * @param params        the parameter names
     * @param defaults      default expressions for the last {@code defaults.size()} parameters
     * @param body          the body
     * @param catchVarargs  whether the body reads {@code varargs} (so extra positional arguments are allowed)
     * @param catchKwargs   whether the body reads {@code kwargs} (so unknown keyword arguments are allowed)
     * @param catchCaller   whether the body reads {@code caller}
     */
    record MacroSpec(String name, List<String> params, List<Expr> defaults, List<Stmt> body, boolean catchVarargs,
                     boolean catchKwargs, boolean catchCaller) {
    }
}
