/**
 * The mlx-gguf HTTP server: OpenAI-compatible REST + SSE, model management and slot routing. Models run
 * in host processes ({@code dev.mlxgguf.host}); this module never loads JNA or an engine.
 */
module dev.mlxgguf.server {
    requires dev.mlxgguf.host;
    requires io.helidon.webserver;
    requires io.helidon.http.media.jsonp;
    requires io.helidon.logging.jul;
    requires jakarta.json;
    requires com.github.oshi.common;
    requires java.logging;
    requires java.net.http; // the bench command's client

    exports dev.mlxgguf.server;
}
