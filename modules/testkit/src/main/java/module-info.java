/** Test fixtures: writers for tiny models in real file formats, and a tokenizer built in code. Test scope only. */
module dev.mlxgguf.testkit {
    exports dev.mlxgguf.testkit;
}
