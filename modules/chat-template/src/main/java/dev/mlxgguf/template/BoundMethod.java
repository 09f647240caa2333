package dev.mlxgguf.template;

/**
 * A Python method looked up on a value, e.g. {@code 'a,b'.split}, ready to be called.
 *
 * @param self   the receiver
 * @param name   the method name
 * @param method the implementation
 */
record BoundMethod(Object self, String name, Method method) implements PyCallable {

    /** The implementation of a method of a built-in type. */
    @FunctionalInterface
    interface Method {
        /**
         * Runs it.
         *
         * @param session the render
         * @param self    the receiver
         * @param args    the arguments
         * @return the result
         */
        Object call(Session session, Object self, Args args);
    }

    @Override
    public Object call(Session session, Args args) {
        return method.call(session, self, args);
    }
}
