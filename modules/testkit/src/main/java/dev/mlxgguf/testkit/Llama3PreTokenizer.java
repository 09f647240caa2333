package dev.mlxgguf.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Llama 3 pre-tokenizer split (GGUF {@code tokenizer.ggml.pre = llama-bpe}): the regex of Llama 3's
 * {@code tokenizer.json}, in the spelling llama.cpp uses (case-insensitive contractions written out),
 * compiled with {@link Pattern#UNICODE_CHARACTER_CLASS} so that {@code \s} is Unicode white space as in
 * Oniguruma and llama.cpp. Stateless and thread-safe.
 */
public final class Llama3PreTokenizer {

    /** The regex as written in llama.cpp's {@code llm_tokenizer_bpe} for {@code LLAMA_VOCAB_PRE_TYPE_LLAMA3}. */
    public static final String REGEX = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final Pattern PATTERN = Pattern.compile(REGEX, Pattern.UNICODE_CHARACTER_CLASS);

    private Llama3PreTokenizer() {
    }

    /**
     * Splits text into pre-tokens. Every character of the input lands in exactly one piece, in order.
     *
     * @param text the text (no special tokens)
     * @return the pieces; their concatenation equals {@code text}
     */
    public static List<String> split(String text) {
        List<String> pieces = new ArrayList<>();
        Matcher m = PATTERN.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() > end) {
                pieces.add(text.substring(end, m.start()));
            }
            pieces.add(m.group());
            end = m.end();
        }
        if (end < text.length()) {
            pieces.add(text.substring(end));
        }
        return pieces;
    }
}
