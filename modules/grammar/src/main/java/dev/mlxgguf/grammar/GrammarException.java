package dev.mlxgguf.grammar;

/**
 * A grammar or schema that cannot be compiled: a syntax error, a keyword or construct outside the supported
 * subset, or a language that cannot be generated (left recursion, an unsatisfiable schema).
 */
public final class GrammarException extends RuntimeException {

    private final String where;

    /**
     * @param message what is wrong, for a client
     * @param where   where: a JSON pointer into a schema ({@code /properties/a/pattern}) or
     *                {@code line L column C} of a GBNF text; "" when not tied to a place
     */
    public GrammarException(String message, String where) {
        super(where.isEmpty() ? message : message + " (at " + where + ")");
        this.where = where;
    }

    /** {@return where the problem is, or ""} */
    public String where() {
        return where;
    }
}
