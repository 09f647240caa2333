package dev.mlxgguf.engine.gguf.jna;

import com.sun.jna.Structure;

/** {@code struct llama_sampler_chain_params} (1 byte): {@code bool no_perf}. */
@Structure.FieldOrder({"no_perf"})
public class LlamaSamplerChainParams extends Structure {
    public byte no_perf;

    /** Passed and returned by value. */
    public static class ByValue extends LlamaSamplerChainParams implements Structure.ByValue {
    }
}
