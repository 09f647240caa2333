package dev.mlxgguf.template;

import java.util.HashMap;
import java.util.Map;

/**
 * One level of variable bindings. jinja2 scoping: the template's top level, each {@code for} iteration,
 * each macro call and each {@code with}/{@code set}-block/call-block body get their own level, so a
 * {@code set} inside a loop body is gone after the iteration, while an {@code if} shares its parent's
 * level. Confined to one render.
 */
final class Scope {
    private final Scope parent;
    private final Map<String, Object> vars;

    /**
     * A child level.
     *
     * @param parent the enclosing level, or {@code null} for the outermost
     */
    Scope(Scope parent) {
        this(parent, new HashMap<>(8));
    }

    /**
     * A level over an existing map, which it then owns.
     *
     * @param parent the enclosing level, or {@code null}
     * @param vars   the bindings
     */
    Scope(Scope parent, Map<String, Object> vars) {
        this.parent = parent;
        this.vars = vars;
    }

    /**
     * Resolves a name through the enclosing levels.
     *
     * @param name the name
     * @return the value (possibly {@code null}, Python's None), or {@link PyObjects#MISSING}
     */
    Object lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Object v = s.vars.getOrDefault(name, PyObjects.MISSING);
            if (v != PyObjects.MISSING) {
                return v;
            }
        }
        return PyObjects.MISSING;
    }

    /**
     * Binds a name at this level.
     *
     * @param name  the name
     * @param value the value
     */
    void set(String name, Object value) {
        vars.put(name, value);
    }
}
