package dev.mlxgguf.template;

/**
 * A macro value: its definition, the scope it was defined in (names it does not bind itself resolve
 * there at call time, like a Python closure) and the render that runs it.
 */
final class Macro implements PyCallable {
    private final Stmt.MacroSpec spec;
    private final Scope closure;
    private final Interpreter interpreter;

    Macro(Stmt.MacroSpec spec, Scope closure, Interpreter interpreter) {
        this.spec = spec;
        this.closure = closure;
        this.interpreter = interpreter;
    }

    /** {@return the macro name} */
    String name() {
        return spec.name();
    }

    Stmt.MacroSpec spec() {
        return spec;
    }

    Scope closure() {
        return closure;
    }

    @Override
    public Object call(Session session, Args args) {
        return interpreter.invoke(this, args);
    }
}
