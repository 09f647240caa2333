package dev.mlxgguf.template;

/**
 * A global function such as {@code range} or {@code raise_exception}.
 *
 * @param name the name it is known by
 * @param impl the implementation
 */
record BuiltinFunction(String name, Impl impl) implements PyCallable {

    /** The implementation of a global function. */
    @FunctionalInterface
    interface Impl {
        /**
         * Runs it.
         *
         * @param session the render
         * @param args    the arguments
         * @return the result
         */
        Object call(Session session, Args args);
    }

    @Override
    public Object call(Session session, Args args) {
        return impl.call(session, args);
    }
}
