/**
 * The mlx-gguf HTTP server: OpenAI-compatible REST + SSE, model management and slot routing. Models run
 * in host processes ({@code dev.mlxgguf.host}); this module never loads JNA or an engine.
 */
module dev.mlxgguf.server {
    requires dev.mlxgguf.host.client;
    requires dev.mlxgguf.template; // renders templates given inline (apply-template), no engine involved
    requires dev.mlxgguf.kvstate;  // the prompt-cache index reads state file headers
    requires dev.mlxgguf.json;
    requires dev.mlxgguf.grammar;  // compiles schemas and grammars to refuse bad ones before queueing
    requires dev.mlxgguf.toolcalls; // tools' grammars (checked before queueing) and parsing answers into calls
    requires io.helidon.webserver;
    requires io.helidon.common.pki; // --tls-cert/--tls-key: PEM files
    requires io.helidon.http.media.jsonp;
    requires io.helidon.logging.jul;
    requires com.github.oshi.common;
    requires java.logging;

    exports dev.mlxgguf.server;
}
