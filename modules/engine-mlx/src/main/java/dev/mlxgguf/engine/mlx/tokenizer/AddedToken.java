package dev.mlxgguf.engine.mlx.tokenizer;

import java.util.Objects;

/**
 * An entry of {@code tokenizer.json}'s {@code added_tokens}: matched in the raw text before normalization
 * and the model.
 *
 * @param id         token id
 * @param content    the exact text
 * @param special    a control token: matched only when special tokens are parsed, rendered as nothing
 * @param lstrip     absorbs white space before it
 * @param rstrip     absorbs white space after it
 * @param singleWord matched only as a whole word
 */
public record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip, boolean singleWord) {

    /** Checks the components: a null or out-of-range one throws. */
    public AddedToken {
        Objects.requireNonNull(content, "content");
        if (content.isEmpty()) {
            throw new IllegalArgumentException("empty added token");
        }
    }
}
