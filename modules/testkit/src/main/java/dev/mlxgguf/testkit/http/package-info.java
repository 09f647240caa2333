/** A small real-HTTP client for tests that drive a running server (JSON bodies as text, SSE parsing). */
package dev.mlxgguf.testkit.http;
