package dev.mlxgguf.engine.mlx.tokenizer;

import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns {@code tokenizer.json} patterns ({@code {"String": ...}} or {@code {"Regex": ...}}) into Java
 * patterns. Regexes are written for Oniguruma, whose {@code \s}, {@code \d} and {@code \w} are Unicode-aware:
 * Java needs {@link Pattern#UNICODE_CHARACTER_CLASS} for that (without it NBSP and U+3000 would not be
 * white space). Oniguruma script names ({@code \p{Han}}) are spelled {@code \p{IsHan}} in Java.
 */
final class Patterns {

    private static final String[] SCRIPTS = {"Han", "Hiragana", "Katakana", "Hangul", "Latin", "Cyrillic", "Greek",
        "Arabic", "Hebrew", "Thai"};

    private Patterns() {
    }

    /**
     * @param pattern a {@code {"String": s}} or {@code {"Regex": r}} object
     * @return the compiled pattern
     * @throws MetadataException if neither is present or the regex does not compile
     */
    static Pattern of(Metadata pattern) {
        if (pattern.has("String")) {
            return Pattern.compile(Pattern.quote(pattern.requireString("String")));
        }
        return regex(pattern.requireString("Regex"));
    }

    /**
     * @param regex an Oniguruma-style regex
     * @return the Java pattern
     * @throws MetadataException if it does not compile
     */
    static Pattern regex(String regex) {
        String r = regex;
        for (String s : SCRIPTS) {
            r = r.replace("\\p{" + s + "}", "\\p{Is" + s + "}");
        }
        try {
            return Pattern.compile(r, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new MetadataException("a tokenizer regex does not compile in Java: " + e.getDescription());
        }
    }
}
