package dev.mlxgguf.template;

/**
 * jinja2's default {@code Undefined}: renders as "", is falsy, iterates as empty and has length 0, but
 * attribute or item access, calls and arithmetic on it raise {@code UndefinedError} (or
 * {@code SecurityError} for an attribute the sandbox blocked).
 *
 * @param hint      an explicit message, or {@code null} to derive one from the other components
 * @param ownerType jinja2's {@code object_type_repr} of the object the lookup failed on, or {@code null}
 *                  for an unknown variable
 * @param name      the missing name, attribute or key (a {@code String} or a number), or {@code null}
 * @param unsafe    whether the sandbox blocked the access (raises {@code SecurityError} when used)
 */
record Undefined(String hint, String ownerType, Object name, boolean unsafe) {

    /**
     * An unknown variable.
     *
     * @param variable its name
     * @return the undefined
     */
    static Undefined variable(String variable) {
        return new Undefined(null, null, variable, false);
    }

    /**
     * A failed attribute or item lookup.
     *
     * @param owner the object looked into
     * @param key   the attribute name or key
     * @return the undefined
     */
    static Undefined missing(Object owner, Object key) {
        return new Undefined(null, ownerTypeRepr(owner), key, false);
    }

    /**
     * An undefined with a fixed message.
     *
     * @param message the message
     * @return the undefined
     */
    static Undefined withHint(String message) {
        return new Undefined(message, null, null, false);
    }

    /**
     * An attribute the immutable sandbox refuses, e.g. {@code list.append}.
     *
     * @param owner     the object
     * @param attribute the attribute
     * @return the undefined
     */
    static Undefined blocked(Object owner, String attribute) {
        return new Undefined("access to attribute " + PyRepr.strRepr(attribute) + " of "
                + PyRepr.strRepr(PyObjects.typeName(owner)) + " object is unsafe.", null, attribute, true);
    }

    /** {@return jinja2's message for this undefined} */
    String message() {
        if (hint != null) {
            return hint;
        }
        if (ownerType == null) {
            return (name == null ? "None" : PyRepr.repr(name)) + " is undefined";
        }
        if (!(name instanceof String)) {
            return ownerType + " has no element " + PyRepr.repr(name);
        }
        return PyRepr.strRepr(ownerType) + " has no attribute " + PyRepr.repr(name);
    }

    /** {@return the error raised when this undefined is used} */
    PyException error() {
        return PyException.of(unsafe ? "SecurityError" : "UndefinedError", message());
    }

    private static String ownerTypeRepr(Object owner) {
        if (owner == null) {
            return "None";
        }
        String type = PyObjects.typeName(owner);
        return switch (owner) {
            case Namespace ignored -> "jinja2.utils." + type + " object";
            case LoopContext ignored -> "jinja2.runtime." + type + " object";
            case Macro ignored -> "jinja2.runtime." + type + " object";
            default -> type + " object";
        };
    }
}
