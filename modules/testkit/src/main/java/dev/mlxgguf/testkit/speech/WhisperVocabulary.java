package dev.mlxgguf.testkit.speech;

/**
 * The text tokens of the tiny whisper model, made up in code: pronounceable ASCII syllable strings, every
 * other one with a leading space (so that decoded text falls into words). All distinct, all valid UTF-8,
 * none with control characters. Token {@value #SPACE} is a single space, as in GPT-2's vocabulary: whisper.cpp
 * looks it up by text to suppress blank output. whisper.cpp appends the special tokens (end of text,
 * languages, timestamps) after them.
 */
public final class WhisperVocabulary {

    /** Text tokens in a multilingual whisper vocabulary (ids 0..50256). */
    public static final int TEXT_TOKENS = 50257;

    /** Id of the single-space token (as in GPT-2). */
    public static final int SPACE = 220;

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ne", "ru", "ta", "so", "vi", "de", "pa", "go", "hu",
        "be", "zo", "fi", "ja"};

    private WhisperVocabulary() {
    }

    /**
     * The text of a token.
     *
     * @param id token id, 0 to {@link #TEXT_TOKENS} - 1
     * @return its text
     */
    public static String token(int id) {
        if (id < 0 || id >= TEXT_TOKENS) {
            throw new IllegalArgumentException("not a text token: " + id);
        }
        if (id == SPACE) {
            return " ";
        }
        StringBuilder s = new StringBuilder(id % 2 == 0 ? " " : "");
        int n = id / 2;
        do {
            s.append(SYLLABLES[n % SYLLABLES.length]);
            n /= SYLLABLES.length;
        } while (n > 0);
        return s.toString();
    }
}
