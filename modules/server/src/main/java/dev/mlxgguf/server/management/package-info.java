/** Model and process management: load, unload, processes, clean-up, and prompt-cache export and import. */
package dev.mlxgguf.server.management;
