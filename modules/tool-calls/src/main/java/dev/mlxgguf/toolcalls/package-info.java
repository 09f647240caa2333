/** Tool-call formats: detection, and incremental parsing of generated text into text and calls. */
package dev.mlxgguf.toolcalls;
