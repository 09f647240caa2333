/** Server entry point ({@link dev.mlxgguf.server.Main}) and its configuration. */
package dev.mlxgguf.server;
