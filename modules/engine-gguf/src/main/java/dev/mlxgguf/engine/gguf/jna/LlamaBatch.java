package dev.mlxgguf.engine.gguf.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/** {@code struct llama_batch} (56 bytes on 64-bit). The arrays are borrowed from the caller. */
@Structure.FieldOrder({"n_tokens", "token", "embd", "pos", "n_seq_id", "seq_id", "logits"})
public class LlamaBatch extends Structure {
    public int n_tokens;
    public Pointer token;
    public Pointer embd;
    public Pointer pos;
    public Pointer n_seq_id;
    public Pointer seq_id;
    public Pointer logits;

    /** Passed and returned by value. */
    public static class ByValue extends LlamaBatch implements Structure.ByValue {
    }
}
