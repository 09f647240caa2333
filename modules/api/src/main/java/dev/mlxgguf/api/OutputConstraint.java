package dev.mlxgguf.api;

import java.util.Objects;

/**
 * A constraint on the text a generation may produce, enforced token by token by the engine: every token
 * sampled keeps the text a prefix of a sentence of the grammar, and the generation may end only where the
 * text is a whole sentence.
 *
 * @param kind   what the source is
 * @param source the JSON Schema as JSON text ({@link Kind#JSON_SCHEMA}), the GBNF grammar text
 *               ({@link Kind#GBNF}), the tool request's JSON ({@link Kind#TOOL_CALLS}, as the tool-calls
 *               module writes it), or "" ({@link Kind#JSON_OBJECT})
 */
public record OutputConstraint(Kind kind, String source) {

    /** The kinds of constraint. */
    public enum Kind {
        /** Any JSON object ({@code response_format: {"type": "json_object"}}). */
        JSON_OBJECT,
        /** JSON valid under a JSON Schema. */
        JSON_SCHEMA,
        /** A llama.cpp GBNF grammar. */
        GBNF,
        /**
         * Tool calls in the model's format: the whole answer ({@code tool_choice} required or named), the text
         * from the format's opening marker on ({@code auto}), or no call at all ({@code none}: the opening marker
         * cannot be generated).
         */
        TOOL_CALLS
    }

    /** Checks the components. */
    public OutputConstraint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
    }
}
