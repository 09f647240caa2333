/**
 * Tool calls in the models' own formats: {@link dev.mlxgguf.toolcalls.ToolCallFormat} detects a family's format
 * from its chat template, and each format's {@link dev.mlxgguf.toolcalls.ToolCallParser} turns generated text
 * into text and calls incrementally, whatever the chunk boundaries; {@link dev.mlxgguf.toolcalls.ToolGrammar} writes
 * the grammar that constrains a request's calls; {@link dev.mlxgguf.toolcalls.AnswerParser} splits reasoning off.
 * Pure Java plus JSON-P.
 */
module dev.mlxgguf.toolcalls {
    requires transitive dev.mlxgguf.json;
    requires transitive dev.mlxgguf.grammar;

    exports dev.mlxgguf.toolcalls;
}
