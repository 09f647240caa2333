package dev.mlxgguf.engine.mlx.tokenizer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed pieces a {@link Tokenizer} is built from.
 *
 * @param ids          every token text to id (vocabulary and added tokens)
 * @param added        the added tokens
 * @param normalizer   the normalizer, or null
 * @param preTokenizer the pre-tokenizer, or null
 * @param model        the BPE model
 * @param decoder      the decoder
 * @param prefix       ids the post-processor puts before a prompt (BOS)
 * @param bosToken     {@code bos_token} of the tokenizer config
 * @param eosToken     {@code eos_token} of the tokenizer config
 */
record TokenizerParts(Map<String, Integer> ids, List<AddedToken> added, Normalizer normalizer, PreTokenizer preTokenizer,
                      BpeModel model, TokenDecoder decoder, int[] prefix, Optional<String> bosToken,
                      Optional<String> eosToken) {
}
