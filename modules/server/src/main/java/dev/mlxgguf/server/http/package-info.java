/**
 * What every HTTP route shares: filters (access log, in-flight count, API key and draining guard), the single
 * mapping of failures to OpenAI-shaped error responses, the SSE writer, request-body reading, slot routing and
 * the client hang-up watch.
 */
package dev.mlxgguf.server.http;
