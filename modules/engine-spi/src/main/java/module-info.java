/**
 * The engine service provider interface. Engines implement {@link dev.mlxgguf.engine.spi.EngineProvider}
 * and are found with {@link java.util.ServiceLoader} inside host processes only.
 */
module dev.mlxgguf.engine.spi {
    requires transitive dev.mlxgguf.api;

    exports dev.mlxgguf.engine.spi;
    exports dev.mlxgguf.engine.spi.template;
    exports dev.mlxgguf.engine.spi.cache;
}
