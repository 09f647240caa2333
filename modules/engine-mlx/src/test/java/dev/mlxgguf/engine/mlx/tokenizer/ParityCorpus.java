package dev.mlxgguf.engine.mlx.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic corpus of varied strings for tokenizer parity: words (mixed case), white-space runs (tabs,
 * CR/LF, NBSP, U+3000), numbers, punctuation runs, contractions, CJK, emoji (with modifiers, ZWJ sequences,
 * flags), accents (precomposed and combining) and special-token texts, plus hand-written edge cases.
 */
final class ParityCorpus {

    private static final String[] WORDS = {"the", "The", "morning", "QUIET", "river", "baker", "bread", "Children",
        "school", "weekend", "station", "library", "tokenizer", "vocabulary", "surprisingly", "a", "I", "x", "hello",
        "World", "don", "won", "it", "café", "naïve", "Grüße", "schön", "mañana", "niño", "garçon", "façade",
        "crème", "brûlée", "Ångström", "résumé", "Việt", "Straße", "ΑΒΓ", "αβγ", "Привет", "мир", "שלום", "مرحبا",
        "नमस्ते", "ไทย"};
    private static final String[] SPACES = {" ", " ", " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n ", "    \n",
        "\u00A0", "\u3000", " \t ", "\u2009", "\n\t\n"};
    private static final String[] PUNCT = {".", ",", "!", "?", "...", ";", ":", "'", "\"", "(", ")", "[]", "{}", "<>",
        "@", "#", "$", "%", "^", "&", "*", "-", "--", "_", "=", "+", "/", "\\", "|", "~", "`", "?!", "),", "\".",
        "'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'LL", "’s"};
    private static final String[] CJK = {"日本", "中国", "你好", "世界", "こんにちは", "カタカナ", "한국어", "漢字かな交じり文",
        "東京タワー", "中文字符"};
    private static final String[] EMOJI = {"😀", "👍", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️", "🎉🎉", "🙂", "🤖", "✨"};
    private static final String[] ACCENTS = {"e\u0301", "a\u0308", "n\u0303", "Å", "ç", "ø", "ß", "œ", "ĳ", "ǅ"};

    private ParityCorpus() {
    }

    /**
     * @param count    random strings to generate
     * @param seed     seed
     * @param specials special-token texts to mix in
     * @return the edge cases followed by {@code count} random strings
     */
    static List<String> strings(int count, long seed, List<String> specials) {
        List<String> out = new ArrayList<>(edgeCases(specials));
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder();
            int parts = 1 + rnd.nextInt(10);
            for (int p = 0; p < parts; p++) {
                b.append(fragment(rnd, specials));
            }
            out.add(b.toString());
        }
        return out;
    }

    private static String fragment(SplittableRandom rnd, List<String> specials) {
        return switch (rnd.nextInt(10)) {
            case 0, 1, 2 -> pick(rnd, WORDS);
            case 3 -> pick(rnd, SPACES);
            case 4 -> number(rnd);
            case 5 -> pick(rnd, PUNCT);
            case 6 -> pick(rnd, CJK);
            case 7 -> pick(rnd, EMOJI);
            case 8 -> pick(rnd, ACCENTS);
            default -> rnd.nextInt(4) == 0 && !specials.isEmpty() ? specials.get(rnd.nextInt(specials.size())) : " " + pick(rnd, WORDS);
        };
    }

    private static String number(SplittableRandom rnd) {
        return switch (rnd.nextInt(4)) {
            case 0 -> Integer.toString(rnd.nextInt(10));
            case 1 -> Long.toString(rnd.nextLong(1, 1_000_000_000_000L));
            case 2 -> rnd.nextInt(1000) + "." + rnd.nextInt(100);
            default -> rnd.nextInt(100) + "," + String.format("%03d", rnd.nextInt(1000));
        };
    }

    private static String pick(SplittableRandom rnd, String[] from) {
        return from[rnd.nextInt(from.length)];
    }

    private static List<String> edgeCases(List<String> specials) {
        List<String> e = new ArrayList<>(List.of("", " ", "  ", "\n", " \n", "\n ", "a", " a", "a ", "hello world",
                "Hello  world", "hello\n\nworld", "   leading", "trailing   ", "12345678901234567890", "1 22 333 4444",
                "3.14159", "don't I'll we've they're", "DON'T", "'''", "!!!???", "....", "a\u00A0b", "a\u3000b",
                "\t\tindented", "line1\r\nline2", "😀😀😀", "日本語のテキスト", "e\u0301e\u0301", "x" + " ".repeat(50) + "y",
                "9".repeat(100), " ".repeat(300), "word".repeat(40)));
        for (String s : specials) {
            e.add(s);
            e.add(s + "hello");
            e.add("hello" + s);
            e.add(" " + s + " ");
            e.add(s + s);
            e.add(s + "\n" + s);
        }
        return e;
    }
}
