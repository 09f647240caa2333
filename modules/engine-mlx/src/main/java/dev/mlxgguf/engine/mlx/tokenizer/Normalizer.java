package dev.mlxgguf.engine.mlx.tokenizer;

import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tokenizer.json} normalizer, applied to each piece of text between added tokens. Immutable.
 */
sealed interface Normalizer {

    /**
     * @param text a piece of input
     * @return the normalized text
     */
    String apply(String text);

    /** Runs normalizers in order. @param steps the normalizers */
    record Sequence(List<Normalizer> steps) implements Normalizer {
        public Sequence {
            steps = List.copyOf(steps);
        }

        @Override
        public String apply(String text) {
            String s = text;
            for (Normalizer n : steps) {
                s = n.apply(s);
            }
            return s;
        }
    }

    /** Prepends a string to non-empty text. @param prefix the string */
    record Prepend(String prefix) implements Normalizer {
        @Override
        public String apply(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }

    /** Replaces every match of a literal or regex. @param pattern the pattern @param content the replacement */
    record Replace(Pattern pattern, String content) implements Normalizer {
        @Override
        public String apply(String text) {
            return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(content));
        }
    }

    /** Unicode normalization. @param form NFC, NFD, NFKC or NFKD */
    record Unicode(java.text.Normalizer.Form form) implements Normalizer {
        @Override
        public String apply(String text) {
            return java.text.Normalizer.normalize(text, form);
        }
    }

    /** Lower-cases. */
    record Lowercase() implements Normalizer {
        @Override
        public String apply(String text) {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    /** Strips white space. @param left at the start @param right at the end */
    record Strip(boolean left, boolean right) implements Normalizer {
        @Override
        public String apply(String text) {
            String s = left ? text.stripLeading() : text;
            return right ? s.stripTrailing() : s;
        }
    }

    /**
     * Parses a normalizer.
     *
     * @param n the JSON object (null = none)
     * @return the normalizer, or null for none
     * @throws MetadataException for an unsupported type
     */
    static Normalizer parse(Metadata n) {
        if (n == null) {
            return null;
        }
        String type = n.requireString("type");
        return switch (type) {
            case "Sequence" -> {
                List<Normalizer> steps = new ArrayList<>();
                for (Object o : n.requireArray("normalizers")) {
                    Normalizer s = parse((Metadata) o);
                    if (s != null) {
                        steps.add(s);
                    }
                }
                yield new Sequence(steps);
            }
            case "Prepend" -> new Prepend(n.requireString("prepend"));
            case "Replace" -> new Replace(Patterns.of(n.requireObject("pattern")), n.requireString("content"));
            case "NFC" -> new Unicode(java.text.Normalizer.Form.NFC);
            case "NFD" -> new Unicode(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new Unicode(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new Unicode(java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> new Lowercase();
            case "Strip" -> new Strip(n.bool("strip_left").orElse(true), n.bool("strip_right").orElse(true));
            default -> throw new MetadataException("unsupported normalizer " + type);
        };
    }
}
