/**
 * Tool calls in the models' own formats: {@link dev.mlxgguf.toolcalls.ToolCallFormat} detects a family's format
 * from its chat template, and each format's {@link dev.mlxgguf.toolcalls.ToolCallParser} turns generated text
 * into text and calls incrementally, whatever the chunk boundaries. Pure Java plus JSON-P.
 */
module dev.mlxgguf.toolcalls {
    requires transitive dev.mlxgguf.json;

    exports dev.mlxgguf.toolcalls;
}
