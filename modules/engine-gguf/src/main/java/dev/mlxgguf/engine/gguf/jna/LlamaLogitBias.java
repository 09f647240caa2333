package dev.mlxgguf.engine.gguf.jna;

import com.sun.jna.Structure;

/** {@code struct llama_logit_bias} (8 bytes). */
@Structure.FieldOrder({"token", "bias"})
public class LlamaLogitBias extends Structure {
    public int token;
    public float bias;
}
