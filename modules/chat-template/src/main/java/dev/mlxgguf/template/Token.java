package dev.mlxgguf.template;

/**
 * One lexer token.
 *
 * @param kind  the kind
 * @param text  the source text (the operator for {@link Kind#OPERATOR}, the name for {@link Kind#NAME})
 * @param value the decoded value: the text of a {@link Kind#DATA} or {@link Kind#STRING} token, a
 *              {@code Long} or {@code Double} for numbers, otherwise {@code null}
 * @param line  the 1-based line where the token starts
 */
record Token(Kind kind, String text, Object value, int line) {

    /** Token kinds, after jinja2's lexer. */
    enum Kind {
        DATA, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INTEGER, FLOAT, OPERATOR, EOF
    }

    /** {@return whether this is the given operator} */
    boolean isOp(String op) {
        return kind == Kind.OPERATOR && text.equals(op);
    }

    /** {@return whether this is the given name (keywords are names in jinja2)} */
    boolean isName(String name) {
        return kind == Kind.NAME && text.equals(name);
    }

    /** {@return how jinja2 describes the token in syntax errors} */
    String describe() {
        return switch (kind) {
            case NAME, OPERATOR -> text;
            case VARIABLE_END -> "end of print statement";
            case BLOCK_END -> "end of statement block";
            case VARIABLE_BEGIN -> "begin of print statement";
            case BLOCK_BEGIN -> "begin of statement block";
            case EOF -> "end of template";
            case DATA -> "template data / text";
            case STRING -> "string";
            case INTEGER -> "integer";
            case FLOAT -> "float";
        };
    }
}
