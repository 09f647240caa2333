/**
 * The {@code bench} command: drives any OpenAI-compatible server with concurrent streaming clients and
 * reports time to first token, tokens per second and latency percentiles as JSON and Markdown.
 */
package dev.mlxgguf.bench;
