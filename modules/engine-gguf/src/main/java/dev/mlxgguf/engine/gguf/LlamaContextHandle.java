package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.EngineFailureException;
import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.gguf.jna.LlamaContextParams;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.engine.spi.KvState;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Owns one {@code llama_context *} (the KV cache and compute buffers) and a native token buffer for
 * batches. Must be closed before its model.
 *
 * <p>Threading: confined to the thread that serves the model; native calls block that thread (use a
 * platform thread). {@link #close()} frees the context ({@code llama_free}) and is idempotent.
 */
final class LlamaContextHandle implements AutoCloseable {

    /** {@code LLAMA_FLASH_ATTN_TYPE_ENABLED} (llama.h; AUTO is -1, DISABLED 0). */
    private static final int FLASH_ATTN_ENABLED = 1;

    private final LlamaLibrary lib;
    private final int batchSize;
    private final Memory batchTokens;   // (batchSize) llama_token, reused by every decode
    private Pointer context;            // llama_context *, owned

    private LlamaContextHandle(LlamaLibrary lib, Pointer context, int batchSize) {
        this.lib = lib;
        this.context = context;
        this.batchSize = batchSize;
        this.batchTokens = new Memory(4L * batchSize);
    }

    /**
     * Creates a context.
     *
     * @param lib       the binding
     * @param model     the model
     * @param nCtx      context size in tokens (llama.cpp rounds it up to a multiple of 256)
     * @param batchSize logical and physical batch size
     * @param threads   threads for generation and prompt processing
     * @param kvType    how keys and values are stored (a quantized V cache turns flash attention on, as llama.cpp
     *                  requires)
     * @return the handle, owned by the caller
     * @throws ModelLoadException if llama.cpp cannot create it (e.g. out of memory)
     */
    static LlamaContextHandle create(LlamaLibrary lib, LlamaModelHandle model, int nCtx, int batchSize, int threads,
                                     KvCacheType kvType) {
        LlamaContextParams.ByValue p = lib.llama_context_default_params();
        p.type_k = ggmlType(kvType);
        p.type_v = ggmlType(kvType);
        if (kvType != KvCacheType.F16) {
            p.flash_attn_type = FLASH_ATTN_ENABLED;
        }
        p.n_ctx = nCtx;
        p.n_batch = batchSize;
        p.n_ubatch = batchSize;
        p.n_threads = threads;
        p.n_threads_batch = threads;
        Pointer ctx = lib.llama_init_from_model(model.pointer(), p);
        if (ctx == null) {
            throw new ModelLoadException("llama.cpp could not create a context of " + nCtx + " tokens with a "
                    + kvType.wireName() + " KV cache for " + model.fileName() + (kvType == KvCacheType.F16 ? ""
                    : " (a quantized KV cache needs a head size divisible by 32)"));
        }
        return new LlamaContextHandle(lib, ctx, batchSize);
    }

    /** {@code ggml_type} ids (ggml.h): stable across releases. */
    private static int ggmlType(KvCacheType t) {
        return switch (t) {
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 8;
        };
    }

    /** {@return the native pointer} @throws IllegalStateException if closed */
    Pointer pointer() {
        if (context == null) {
            throw new IllegalStateException("context closed");
        }
        return context;
    }

    /** {@return the context size llama.cpp allocated} */
    int size() {
        return lib.llama_n_ctx(pointer());
    }

    /** {@return the largest number of tokens one {@link #decode} call takes} */
    int batchSize() {
        return batchSize;
    }

    /** @param threads threads for generation and prompt processing, at least 1 */
    void setThreads(int threads) {
        lib.llama_set_n_threads(pointer(), threads, threads);
    }

    /** Forgets every cached token (data included). */
    void clearMemory() {
        lib.llama_memory_clear(lib.llama_get_memory(pointer()), true);
    }

    /**
     * Decodes tokens at the next positions of sequence 0; logits are kept for the last one only.
     *
     * @param tokens source
     * @param from   first index
     * @param count  1..{@link #batchSize()} tokens
     * @throws EngineFailureException with llama.cpp's return code if decoding fails
     */
    void decode(int[] tokens, int from, int count) {
        if (count < 1 || count > batchSize) {
            throw new IllegalArgumentException("count " + count + " outside 1.." + batchSize);
        }
        batchTokens.write(0, tokens, from, count);
        int rc = lib.llama_decode(pointer(), lib.llama_batch_get_one(batchTokens, count));
        if (rc != 0) {
            throw new EngineFailureException("llama_decode failed with code " + rc);
        }
    }

    /**
     * Drops the cached positions from {@code from} on, keeping {@code [0, from)}.
     *
     * @param from first position to drop
     * @return false if llama.cpp cannot drop a partial range for this model (then nothing changed)
     */
    boolean truncateMemory(int from) {
        return lib.llama_memory_seq_rm(lib.llama_get_memory(pointer()), 0, from, -1) != 0;
    }

    /**
     * Copies the state of sequence 0 (its KV cells) into native memory.
     *
     * @return the state; the caller owns it (JNA frees it when unreachable)
     * @throws EngineFailureException if llama.cpp copies nothing
     */
    Memory saveState() {
        long size = lib.llama_state_seq_get_size(pointer(), 0);
        if (size <= 0) {
            throw new EngineFailureException("llama_state_seq_get_size returned " + size);
        }
        Memory state = new Memory(size);
        long n = lib.llama_state_seq_get_data(pointer(), state, size, 0);
        if (n != size) {
            throw new EngineFailureException("llama_state_seq_get_data copied " + n + " of " + size + " bytes");
        }
        return state;
    }

    /**
     * Replaces sequence 0 with a saved state.
     *
     * @param state bytes from {@link #saveState()} (possibly another run's, of the same model)
     * @param size  their length
     * @return false if llama.cpp rejected the state (the memory is then cleared)
     */
    boolean restoreState(Pointer state, long size) {
        clearMemory();
        if (lib.llama_state_seq_set_data(pointer(), state, size, 0) == 0) {
            clearMemory();
            return false;
        }
        return true;
    }

    /** {@return this context's sequence 0 as the prompt cache's KV memory} */
    KvState kvState() {
        return new KvState() {
            @Override
            public void clear() {
                clearMemory();
            }

            @Override
            public boolean truncate(int keep) {
                return truncateMemory(keep);
            }

            @Override
            public ByteBuffer save(int tokens) {
                Memory state = saveState();
                return state.getByteBuffer(0, state.size());
            }

            @Override
            public boolean restore(ByteBuffer state, int tokens) {
                return restoreState(Native.getDirectBufferPointer(state), state.remaining());
            }
        };
    }

    /**
     * Sets the logits of the last token of the last {@link #decode} to negative infinity for every token outside
     * {@code allowed}, in llama.cpp's own buffer, so that the sampler chain run next never picks one (the chain
     * applies the logit bias and penalties to the masked logits, then its truncation samplers).
     *
     * @param allowed the allowed tokens, a bit set over token ids
     * @param nVocab  the vocabulary size
     * @throws EngineFailureException if there are no logits
     */
    void maskLogits(long[] allowed, int nVocab) {
        Pointer logits = lib.llama_get_logits_ith(pointer(), -1);
        if (logits == null) {
            throw new EngineFailureException("llama_get_logits_ith returned no logits");
        }
        // a view of llama.cpp's buffer: stores are plain memory writes, no call per token
        FloatBuffer values = logits.getByteBuffer(0, 4L * nVocab).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int w = 0; w < allowed.length; w++) {
            long disallowed = ~allowed[w];
            while (disallowed != 0) {
                int t = (w << 6) + Long.numberOfTrailingZeros(disallowed);
                if (t >= nVocab) {
                    break;
                }
                values.put(t, Float.NEGATIVE_INFINITY);
                disallowed &= disallowed - 1;
            }
        }
    }

    /**
     * Copies the logits of the last token of the last {@link #decode}.
     *
     * @param nVocab the vocabulary size
     * @return the logits (a new array)
     * @throws EngineFailureException if llama.cpp has none
     */
    float[] lastLogits(int nVocab) {
        Pointer logits = lib.llama_get_logits_ith(pointer(), -1);
        if (logits == null) {
            throw new EngineFailureException("llama_get_logits_ith returned no logits");
        }
        return logits.getFloatArray(0, nVocab);
    }

    @Override
    public void close() {
        if (context != null) {
            lib.llama_free(context);
            context = null;
        }
    }
}
