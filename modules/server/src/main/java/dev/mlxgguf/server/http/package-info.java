/**
 * HTTP: the OpenAI-compatible inference endpoints, model management, process management, the SSE
 * writer and the single mapping of failures to HTTP responses. Handlers see records; JSON is read and
 * written only by the codec classes of this package.
 */
package dev.mlxgguf.server.http;
