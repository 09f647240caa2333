package dev.mlxgguf.template;

/**
 * Everything a template can call: macros, the global functions, bound methods of values and the loop
 * object of a recursive loop. Nothing else is callable, so no Java method is ever reachable.
 */
sealed interface PyCallable permits Macro, BuiltinFunction, BoundMethod, LoopContext {

    /**
     * Calls it.
     *
     * @param session the render
     * @param args    the evaluated arguments
     * @return the result
     */
    Object call(Session session, Args args);
}
