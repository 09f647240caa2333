/**
 * The {@code bench} command ({@code mlx-gguf-server bench}): drives any OpenAI-compatible server with
 * concurrent streaming clients and reports time to first token, latency and throughput. Its own module, so
 * the server does not require {@code java.net.http}.
 */
module dev.mlxgguf.bench {
    requires dev.mlxgguf.json;
    requires java.net.http;

    exports dev.mlxgguf.bench;
}
