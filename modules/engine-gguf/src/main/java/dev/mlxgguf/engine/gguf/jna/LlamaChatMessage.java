package dev.mlxgguf.engine.gguf.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** {@code struct llama_chat_message} (16 bytes): two borrowed NUL-terminated UTF-8 strings. */
@Structure.FieldOrder({"role", "content"})
public class LlamaChatMessage extends Structure {
    public Pointer role;
    public Pointer content;
}
