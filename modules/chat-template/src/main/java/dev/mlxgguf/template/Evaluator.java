package dev.mlxgguf.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates expressions with Python semantics. One instance per render; every node evaluated costs
 * one step of the budget, and an error learns the line of the innermost node it came from.
 */
final class Evaluator {
    private final Session session;

    Evaluator(Session session) {
        this.session = session;
    }

    /**
     * Evaluates an expression.
     *
     * @param e     the expression
     * @param scope the variables
     * @return the value
     */
    Object eval(Expr e, Scope scope) {
        session.step();
        try {
            return switch (e) {
                case Expr.Const c -> c.value();
                case Expr.Name n -> {
                    Object v = scope.lookup(n.name());
                    yield v == PyObjects.MISSING ? Undefined.variable(n.name()) : v;
                }
                case Expr.ListLit l -> evalAll(l.items(), scope);
                case Expr.TupleLit t -> new PyTuple(evalAll(t.items(), scope));
                case Expr.DictLit d -> dict(d, scope);
                case Expr.Attr a -> PyAccess.getattr(session, eval(a.target(), scope), a.name());
                case Expr.Item i -> item(i, scope);
                // Only reachable as part of a tuple subscript (x[1:2, 0]), which jinja2's getitem turns into undefined.
                case Expr.Slice ignored -> Undefined.withHint("slice objects cannot be subscript parts here");
                case Expr.Call c -> call(eval(c.callee(), scope), args(c.args(), scope));
                case Expr.Filter f -> filter(f, eval(f.target(), scope), scope);
                case Expr.Test t -> test(t, scope);
                case Expr.Unary u -> switch (u.op()) {
                    case NOT -> !PyObjects.truthy(eval(u.operand(), scope));
                    case NEG -> PyArith.unary(true, eval(u.operand(), scope));
                    case POS -> PyArith.unary(false, eval(u.operand(), scope));
                };
                case Expr.Binary b -> binary(b, scope);
                case Expr.Compare c -> compare(c, scope);
                case Expr.Cond c -> cond(c, scope);
            };
        } catch (PyException ex) {
            throw ex.at(e.line());
        }
    }

    private List<Object> evalAll(List<Expr> items, Scope scope) {
        List<Object> out = new ArrayList<>(items.size());
        for (Expr item : items) {
            out.add(eval(item, scope));
        }
        return out;
    }

    private Map<Object, Object> dict(Expr.DictLit d, Scope scope) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < d.keys().size(); i++) {
            Object key = PyObjects.hashable(eval(d.keys().get(i), scope));
            Object value = eval(d.values().get(i), scope);
            if (PyObjects.isNumber(key)) {
                // 1, 1.0 and True are one key in Python; the first spelling is kept.
                for (Object existing : out.keySet()) {
                    if (PyObjects.isNumber(existing) && PyObjects.eq(existing, key)) {
                        key = existing;
                        break;
                    }
                }
            }
            out.put(key, value);
        }
        return out;
    }

    private Object item(Expr.Item i, Scope scope) {
        Object target = eval(i.target(), scope);
        if (i.key() instanceof Expr.Slice s) {
            Object start = s.start() == null ? null : eval(s.start(), scope);
            Object stop = s.stop() == null ? null : eval(s.stop(), scope);
            Object step = s.step() == null ? null : eval(s.step(), scope);
            return PyAccess.slice(session, target, start, stop, step);
        }
        return PyAccess.getitem(session, target, eval(i.key(), scope));
    }

    /**
     * Evaluates call arguments, expanding {@code *args} and {@code **kwargs}.
     *
     * @param a     the argument expressions
     * @param scope the variables
     * @return the arguments
     */
    Args args(Expr.CallArgs a, Scope scope) {
        if (a == Expr.CallArgs.NONE) {
            return Args.NONE;
        }
        List<Object> positional = evalAll(a.positional(), scope);
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (int i = 0; i < a.names().size(); i++) {
            keywords.put(a.names().get(i), eval(a.keywords().get(i), scope));
        }
        if (a.varargs() != null) {
            positional.addAll(PyObjects.toList(eval(a.varargs(), scope)));
        }
        if (a.kwargs() != null) {
            Object extra = eval(a.kwargs(), scope);
            if (!(extra instanceof Map<?, ?> m)) {
                throw PyException.typeError("argument after ** must be a mapping, not " + PyObjects.typeName(extra));
            }
            m.forEach((k, v) -> keywords.put(PyRepr.str(k), v));
        }
        return new Args(positional, keywords);
    }

    /**
     * Calls a value.
     *
     * @param callee the value
     * @param args   the arguments
     * @return the result
     */
    Object call(Object callee, Args args) {
        return switch (callee) {
            case null -> throw PyException.typeError("'NoneType' object is not callable");
            case PyCallable c -> c.call(session, args);
            case Undefined u -> throw u.error();
            default -> throw PyException.typeError("'" + PyObjects.typeName(callee) + "' object is not callable");
        };
    }

    /**
     * Applies a filter node to a value (the node's own target is ignored).
     *
     * @param f     the filter node
     * @param value the value
     * @param scope the variables for its arguments
     * @return the result
     */
    Object filter(Expr.Filter f, Object value, Scope scope) {
        if (f.impl() == null) {
            throw PyException.runtime("No filter named " + PyRepr.strRepr(f.name()) + " found.");
        }
        return f.impl().apply(session, value, args(f.args(), scope));
    }

    private Object test(Expr.Test t, Scope scope) {
        Object value = eval(t.target(), scope);
        if (t.impl() == null) {
            throw PyException.runtime("No test named " + PyRepr.strRepr(t.name()) + " found.");
        }
        return t.impl().test(session, value, args(t.args(), scope));
    }

    private Object binary(Expr.Binary b, Scope scope) {
        Object left = eval(b.left(), scope);
        return switch (b.op()) {
            case AND -> PyObjects.truthy(left) ? eval(b.right(), scope) : left;
            case OR -> PyObjects.truthy(left) ? left : eval(b.right(), scope);
            default -> PyArith.binary(session, b.op(), left, eval(b.right(), scope));
        };
    }

    private Object compare(Expr.Compare c, Scope scope) {
        Object left = eval(c.first(), scope);
        for (int i = 0; i < c.ops().size(); i++) {
            Object right = eval(c.operands().get(i), scope);
            boolean ok = switch (c.ops().get(i)) {
                case EQ -> PyObjects.eq(left, right);
                case NE -> !PyObjects.eq(left, right);
                case LT -> PyObjects.compare(left, right, "<") < 0;
                case LE -> PyObjects.compare(left, right, "<=") <= 0;
                case GT -> PyObjects.compare(left, right, ">") > 0;
                case GE -> PyObjects.compare(left, right, ">=") >= 0;
                case IN -> PyObjects.contains(left, right);
                case NOT_IN -> !PyObjects.contains(left, right);
            };
            if (!ok) {
                return false;
            }
            left = right;
        }
        return true;
    }

    private Object cond(Expr.Cond c, Scope scope) {
        if (PyObjects.truthy(eval(c.test(), scope))) {
            return eval(c.then(), scope);
        }
        if (c.otherwise() != null) {
            return eval(c.otherwise(), scope);
        }
        return Undefined.withHint("the inline if-expression on line " + c.line()
                + " evaluated to false and no else section was defined.");
    }
}
