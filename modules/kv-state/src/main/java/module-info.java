/**
 * The prompt-cache state file format ({@code *.kv}: header with model key and tokens, CRC-checked payload).
 * Required on purpose by both sides: engines write and read states, the server indexes and evicts them.
 */
module dev.mlxgguf.kvstate {
    exports dev.mlxgguf.kvstate;
}
