package dev.mlxgguf.template;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Executes statements for one render, writing into the current output buffer. Macro calls, set
 * blocks, filter blocks and recursive loops render into buffers of their own.
 */
final class Interpreter {

    /** How a statement list finished. */
    enum Flow { NORMAL, BREAK, CONTINUE }

    private final Session session;
    private final Evaluator eval;
    private StringBuilder out;

    Interpreter(Session session, StringBuilder out) {
        this.session = session;
        this.eval = new Evaluator(session);
        this.out = out;
    }

    /**
     * Executes statements.
     *
     * @param body  the statements
     * @param scope the variables
     * @return {@link Flow#BREAK} or {@link Flow#CONTINUE} when a loop control statement ran
     */
    Flow exec(List<Stmt> body, Scope scope) {
        for (Stmt stmt : body) {
            session.step();
            Flow flow;
            try {
                flow = execOne(stmt, scope);
            } catch (PyException ex) {
                throw ex.at(line(stmt));
            }
            if (flow != Flow.NORMAL) {
                return flow;
            }
        }
        return Flow.NORMAL;
    }

    private Flow execOne(Stmt stmt, Scope scope) {
        switch (stmt) {
            case Stmt.Text t -> session.append(out, t.text());
            case Stmt.Print p -> session.append(out, PyRepr.str(eval.eval(p.expr(), scope)));
            case Stmt.If i -> {
                for (int k = 0; k < i.tests().size(); k++) {
                    if (PyObjects.truthy(eval.eval(i.tests().get(k), scope))) {
                        return exec(i.bodies().get(k), scope);
                    }
                }
                return exec(i.otherwise(), scope);
            }
            case Stmt.For f -> loop(f, scope, eval.eval(f.iterable(), scope), 0);
            case Stmt.Set s -> assign(s.target(), eval.eval(s.value(), scope), scope);
            case Stmt.SetBlock s -> assign(s.target(), applyFilters(s.filters(), capture(s.body(), new Scope(scope)), scope),
                    scope);
            case Stmt.MacroDef m -> scope.set(m.macro().name(), new Macro(m.macro(), scope, this));
            case Stmt.CallBlock c -> {
                Args args = eval.args(c.call().args(), scope);
                Map<String, Object> keywords = new LinkedHashMap<>(args.keywords());
                keywords.put("caller", new Macro(c.caller(), scope, this));
                Object callee = eval.eval(c.call().callee(), scope);
                session.append(out, PyRepr.str(eval.call(callee, new Args(args.positional(), keywords))));
            }
            case Stmt.FilterBlock f -> session.append(out,
                    PyRepr.str(applyFilters(f.filters(), capture(f.body(), new Scope(scope)), scope)));
            case Stmt.With w -> {
                Scope inner = new Scope(scope);
                List<Object> values = w.values().stream().map(v -> eval.eval(v, scope)).toList();
                for (int k = 0; k < values.size(); k++) {
                    assign(w.targets().get(k), values.get(k), inner);
                }
                return exec(w.body(), inner);
            }
            case Stmt.Block b -> {
                return exec(b.body(), new Scope(scope));
            }
            case Stmt.Break ignored -> {
                return Flow.BREAK;
            }
            case Stmt.Continue ignored -> {
                return Flow.CONTINUE;
            }
        }
        return Flow.NORMAL;
    }

    private static int line(Stmt stmt) {
        return switch (stmt) {
            case Stmt.Text ignored -> 0;
            case Stmt.Print p -> p.line();
            case Stmt.If i -> i.line();
            case Stmt.For f -> f.line();
            case Stmt.Set s -> s.line();
            case Stmt.SetBlock s -> s.line();
            case Stmt.MacroDef m -> m.line();
            case Stmt.CallBlock c -> c.line();
            case Stmt.FilterBlock f -> f.line();
            case Stmt.With w -> w.line();
            case Stmt.Block b -> b.line();
            case Stmt.Break b -> b.line();
            case Stmt.Continue c -> c.line();
        };
    }

    private Object applyFilters(List<Expr.Filter> filters, Object value, Scope scope) {
        Object v = value;
        for (Expr.Filter f : filters) {
            try {
                v = eval.filter(f, v, scope);
            } catch (PyException ex) {
                throw ex.at(f.line());
            }
        }
        return v;
    }

    /** Renders statements into a fresh buffer and returns the text. */
    private String capture(List<Stmt> body, Scope scope) {
        StringBuilder saved = out;
        out = new StringBuilder();
        try {
            exec(body, scope);
            return out.toString();
        } finally {
            out = saved;
        }
    }

    private void loop(Stmt.For f, Scope scope, Object iterable, int depth0) {
        Iterator<Object> source = PyObjects.iterator(iterable);
        long length = switch (iterable) {
            case null -> throw PyException.typeError("'NoneType' object is not iterable");
            case PyIterator ignored -> -1;
            case Undefined ignored -> 0;
            default -> PyObjects.len(iterable);
        };
        if (f.filter() != null) {
            source = new Filtered(source, f, scope);
            length = -1;
        }
        LoopContext.Recursion recursion = !f.recursive() ? null : (children, depth) -> {
            session.enterCall();
            try {
                StringBuilder saved = out;
                out = new StringBuilder();
                try {
                    loop(f, scope, children, depth);
                    return out.toString();
                } finally {
                    out = saved;
                }
            } finally {
                session.exitCall();
            }
        };
        LoopContext loop = new LoopContext(source, length, depth0, recursion);
        boolean any = false;
        while (loop.hasNext()) {
            Object item = loop.advance();
            session.step();
            any = true;
            Scope iteration = new Scope(scope);
            assign(f.target(), item, iteration);
            iteration.set("loop", loop);
            if (exec(f.body(), iteration) == Flow.BREAK) {
                break;
            }
        }
        if (!any) {
            exec(f.otherwise(), new Scope(scope));
        }
    }

    /** The elements of a {@code for ... if ...} loop that pass its filter, computed as they are read. */
    private final class Filtered implements Iterator<Object> {
        private final Iterator<Object> source;
        private final Stmt.For f;
        private final Scope scope;
        private Object next = PyObjects.MISSING;

        Filtered(Iterator<Object> source, Stmt.For f, Scope scope) {
            this.source = source;
            this.f = f;
            this.scope = scope;
        }

        @Override
        public boolean hasNext() {
            while (next == PyObjects.MISSING && source.hasNext()) {
                Object candidate = source.next();
                session.step();
                Scope test = new Scope(scope);
                assign(f.target(), candidate, test);
                if (PyObjects.truthy(eval.eval(f.filter(), test))) {
                    next = candidate;
                }
            }
            return next != PyObjects.MISSING;
        }

        @Override
        public Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Object v = next;
            next = PyObjects.MISSING;
            return v;
        }
    }

    private void assign(Stmt.Target target, Object value, Scope scope) {
        switch (target) {
            case Stmt.Target.Name n -> scope.set(n.name(), value);
            case Stmt.Target.NamespaceAttr a -> {
                if (!(scope.lookup(a.namespace()) instanceof Namespace ns)) {
                    throw PyException.runtime("cannot assign attribute on non-namespace object");
                }
                ns.attributes().put(a.attribute(), value);
            }
            case Stmt.Target.Tuple t -> {
                if (!(value instanceof List || value instanceof PyTuple || value instanceof String
                        || value instanceof Map || value instanceof DictView || value instanceof PyIterator)) {
                    throw PyException.typeError("cannot unpack non-iterable " + PyObjects.typeName(value) + " object");
                }
                List<Object> items = PyObjects.toList(value);
                int n = t.items().size();
                if (items.size() < n) {
                    throw PyException.valueError("not enough values to unpack (expected " + n + ", got " + items.size() + ")");
                }
                if (items.size() > n) {
                    throw PyException.valueError("too many values to unpack (expected " + n + ")");
                }
                for (int k = 0; k < n; k++) {
                    assign(t.items().get(k), items.get(k), scope);
                }
            }
        }
    }

    /**
     * Calls a macro: binds arguments like jinja2's {@code Macro.__call__} and renders the body.
     *
     * @param macro the macro
     * @param args  the arguments
     * @return the rendered body
     */
    String invoke(Macro macro, Args args) {
        Stmt.MacroSpec spec = macro.spec();
        session.enterCall();
        try {
            Scope scope = new Scope(macro.closure());
            List<Object> positional = args.positional();
            Map<String, Object> kwargs = new LinkedHashMap<>(args.keywords());
            List<String> params = spec.params();
            int firstDefault = params.size() - spec.defaults().size();
            for (int i = 0; i < params.size(); i++) {
                String p = params.get(i);
                Object v;
                if (i < positional.size()) {
                    v = positional.get(i);
                } else if (kwargs.containsKey(p)) {
                    v = kwargs.remove(p);
                } else if (i >= firstDefault) {
                    v = eval.eval(spec.defaults().get(i - firstDefault), scope);
                } else {
                    v = new Undefined("parameter " + PyRepr.strRepr(p) + " was not provided", null, p, false);
                }
                scope.set(p, v);
            }
            if (spec.catchCaller() && !params.contains("caller")) {
                Object caller = kwargs.remove("caller");
                scope.set("caller", caller != null ? caller : Undefined.withHint("No caller defined"));
            }
            if (spec.catchKwargs()) {
                scope.set("kwargs", new LinkedHashMap<Object, Object>(kwargs));
            } else if (!kwargs.isEmpty()) {
                if (kwargs.containsKey("caller")) {
                    throw PyException.typeError("macro " + PyRepr.strRepr(spec.name()) + " was invoked with two values for"
                            + " the special caller argument. This is most likely a bug.");
                }
                throw PyException.typeError("macro " + PyRepr.strRepr(spec.name()) + " takes no keyword argument "
                        + PyRepr.strRepr(kwargs.keySet().iterator().next()));
            }
            if (spec.catchVarargs()) {
                scope.set("varargs", new PyTuple(positional.size() > params.size()
                        ? positional.subList(params.size(), positional.size()) : List.of()));
            } else if (positional.size() > params.size()) {
                throw PyException.typeError("macro " + PyRepr.strRepr(spec.name()) + " takes not more than "
                        + params.size() + " argument(s)");
            }
            return capture(spec.body(), scope);
        } finally {
            session.exitCall();
        }
    }
}
