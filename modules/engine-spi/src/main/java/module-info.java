/**
 * The engine service provider interface: what a third-party engine author compiles against. Engines
 * implement {@link dev.mlxgguf.engine.spi.EngineProvider} and are found with {@link java.util.ServiceLoader}
 * inside host processes only.
 */
module dev.mlxgguf.engine.spi {
    requires transitive dev.mlxgguf.api;

    exports dev.mlxgguf.engine.spi;
}
