/**
 * The project's one JSON stack: JSON-P with Parsson behind one cached provider ({@link dev.mlxgguf.json.Jsonp}:
 * readers that reject duplicate keys, builders, writers) and the conversion between JSON-P values and plain
 * JDK trees ({@link dev.mlxgguf.json.JsonTrees}).
 */
module dev.mlxgguf.json {
    requires transitive jakarta.json;

    exports dev.mlxgguf.json;
}
