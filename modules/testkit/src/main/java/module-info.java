/** Test fixtures: writers for tiny models in real file formats, and a tokenizer built in code. Test scope only. */
module dev.mlxgguf.testkit {
    requires transitive java.net.http;
    requires dev.mlxgguf.json;

    exports dev.mlxgguf.testkit;
    exports dev.mlxgguf.testkit.http;
    exports dev.mlxgguf.testkit.speech;
    exports dev.mlxgguf.testkit.fuzz;
    exports dev.mlxgguf.testkit.soak;
    exports dev.mlxgguf.testkit.schema;
}
