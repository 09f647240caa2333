/**
 * Structured outputs: JSON Schema ({@link dev.mlxgguf.grammar.JsonSchemaGrammar}) and llama.cpp's GBNF
 * ({@link dev.mlxgguf.grammar.Gbnf}) compiled to one byte-level grammar form ({@link dev.mlxgguf.grammar.Grammar}),
 * and the token-level matcher ({@link dev.mlxgguf.grammar.TokenMatcher}) with which both engines mask their
 * logits before sampling. Engine-neutral: pure Java plus JSON-P.
 */
module dev.mlxgguf.grammar {
    requires transitive dev.mlxgguf.json;

    exports dev.mlxgguf.grammar;
}
