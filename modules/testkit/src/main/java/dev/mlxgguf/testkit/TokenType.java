package dev.mlxgguf.testkit;

/** Token types with their GGUF {@code tokenizer.ggml.token_type} codes (llama.cpp's {@code llama_token_type}). */
public enum TokenType {
    /** An ordinary token (byte-level BPE marks its 256 byte tokens NORMAL too). */
    NORMAL(1),
    /** The unknown token. */
    UNKNOWN(2),
    /** A control token: {@code <|im_start|>}, end-of-generation markers; not rendered as text. */
    CONTROL(3),
    /** A user-defined token matched verbatim in text. */
    USER_DEFINED(4),
    /** An unused slot. */
    UNUSED(5),
    /** A SentencePiece byte-fallback token ({@code <0x41>}). */
    BYTE(6);

    private final int ggufCode;

    TokenType(int ggufCode) {
        this.ggufCode = ggufCode;
    }

    /** {@return the value stored in {@code tokenizer.ggml.token_type}} */
    public int ggufCode() {
        return ggufCode;
    }
}
