package dev.mlxgguf.engine.mlx.tokenizer;

import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code tokenizer.json} pre-tokenizer: splits normalized text into the words BPE runs on. Empty pieces
 * are dropped, as in the Hugging Face library. Immutable and thread-safe.
 */
sealed interface PreTokenizer {

    /**
     * A word in the making.
     *
     * @param text    its text
     * @param atStart whether it starts at offset 0 of the whole input (Metaspace's {@code first} scheme)
     */
    record Piece(String text, boolean atStart) {
    }

    /** GPT-2's split regex, applied by {@code ByteLevel} with {@code use_regex: true}. */
    String GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /**
     * @param pieces the input pieces
     * @return the output pieces
     */
    List<Piece> apply(List<Piece> pieces);

    /** Applies pre-tokenizers in order. @param steps the steps */
    record Sequence(List<PreTokenizer> steps) implements PreTokenizer {
        public Sequence {
            steps = List.copyOf(steps);
        }

        @Override
        public List<Piece> apply(List<Piece> pieces) {
            List<Piece> p = pieces;
            for (PreTokenizer t : steps) {
                p = t.apply(p);
            }
            return p;
        }
    }

    /** How a split treats the matched delimiters. */
    enum Behavior {
        /** Matches become their own pieces. */
        ISOLATED,
        /** Matches are dropped. */
        REMOVED,
        /** A match joins the piece before it. */
        MERGED_WITH_PREVIOUS,
        /** A match joins the piece after it. */
        MERGED_WITH_NEXT,
        /** Adjacent matches form one piece. */
        CONTIGUOUS
    }

    /**
     * Splits on a pattern.
     *
     * @param pattern  the delimiter pattern
     * @param behavior what happens to delimiters
     * @param invert   whether the pattern matches the words instead of the delimiters
     */
    record Split(Pattern pattern, Behavior behavior, boolean invert) implements PreTokenizer {
        @Override
        public List<Piece> apply(List<Piece> pieces) {
            List<Piece> out = new ArrayList<>();
            for (Piece p : pieces) {
                splitOne(p, out);
            }
            return out;
        }

        private void splitOne(Piece p, List<Piece> out) {
            List<String> parts = new ArrayList<>();
            List<Boolean> isMatch = new ArrayList<>();
            Matcher m = pattern.matcher(p.text());
            int end = 0;
            while (m.find()) {
                if (m.end() == m.start()) {
                    continue;
                }
                if (m.start() > end) {
                    parts.add(p.text().substring(end, m.start()));
                    isMatch.add(invert);
                }
                parts.add(m.group());
                isMatch.add(!invert);
                end = m.end();
            }
            if (end < p.text().length()) {
                parts.add(p.text().substring(end));
                isMatch.add(invert);
            }
            boolean first = p.atStart();
            for (String w : combine(parts, isMatch)) {
                if (!w.isEmpty()) {
                    out.add(new Piece(w, first));
                    first = false;
                }
            }
        }

        private List<String> combine(List<String> parts, List<Boolean> isMatch) {
            List<String> words = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (int i = 0; i < parts.size(); i++) {
                String s = parts.get(i);
                boolean delim = isMatch.get(i);
                switch (behavior) {
                    case ISOLATED -> words.add(s);
                    case REMOVED -> {
                        if (!delim) {
                            words.add(s);
                        }
                    }
                    case MERGED_WITH_PREVIOUS -> {
                        if (delim && !words.isEmpty() && !isMatch.get(i - 1)) {
                            words.set(words.size() - 1, words.getLast() + s);
                        } else {
                            words.add(s);
                        }
                    }
                    case MERGED_WITH_NEXT -> {
                        if (delim) {
                            pending.append(s);
                        } else {
                            words.add(pending + s);
                            pending.setLength(0);
                        }
                    }
                    case CONTIGUOUS -> {
                        if (delim && i > 0 && isMatch.get(i - 1)) {
                            words.set(words.size() - 1, words.getLast() + s);
                        } else {
                            words.add(s);
                        }
                    }
                }
            }
            if (!pending.isEmpty()) {
                words.add(pending.toString());
            }
            return words;
        }
    }

    /**
     * Byte-level: optional prefix space, optional GPT-2 regex split, then every UTF-8 byte mapped to its
     * {@link ByteLevelMap} character.
     *
     * @param addPrefixSpace prepend a space to pieces that do not start with one
     * @param regex          the GPT-2 split, or null
     */
    record ByteLevel(boolean addPrefixSpace, Split regex) implements PreTokenizer {
        @Override
        public List<Piece> apply(List<Piece> pieces) {
            List<Piece> p = pieces;
            if (addPrefixSpace) {
                p = p.stream().map(x -> x.text().startsWith(" ") ? x : new Piece(" " + x.text(), x.atStart())).toList();
            }
            if (regex != null) {
                p = regex.apply(p);
            }
            return p.stream().map(x -> new Piece(ByteLevelMap.encode(x.text().getBytes(StandardCharsets.UTF_8)),
                    x.atStart())).toList();
        }
    }

    /**
     * SentencePiece-style spaces: ' ' becomes the replacement, which is prepended per the scheme, and
     * optionally words are split before each replacement.
     *
     * @param replacement   usually U+2581
     * @param prependScheme {@code always}, {@code first} or {@code never}
     * @param split         split before each replacement
     */
    record Metaspace(String replacement, String prependScheme, boolean split) implements PreTokenizer {
        @Override
        public List<Piece> apply(List<Piece> pieces) {
            List<Piece> out = new ArrayList<>();
            for (Piece p : pieces) {
                String s = p.text().replace(" ", replacement);
                boolean prepend = prependScheme.equals("always") || (prependScheme.equals("first") && p.atStart());
                if (prepend && !s.startsWith(replacement)) {
                    s = replacement + s;
                }
                Piece q = new Piece(s, p.atStart());
                if (split) {
                    out.addAll(new Split(Pattern.compile(Pattern.quote(replacement)), Behavior.MERGED_WITH_NEXT, false)
                            .apply(List.of(q)));
                } else {
                    out.add(q);
                }
            }
            return out;
        }
    }

    /**
     * Parses a pre-tokenizer.
     *
     * @param p the JSON object (null = none)
     * @return the pre-tokenizer, or null for none
     * @throws MetadataException for an unsupported type
     */
    static PreTokenizer parse(Metadata p) {
        if (p == null) {
            return null;
        }
        String type = p.requireString("type");
        return switch (type) {
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (Object o : p.requireArray("pretokenizers")) {
                    steps.add(parse((Metadata) o));
                }
                yield new Sequence(steps);
            }
            case "Split" -> new Split(Patterns.of(p.requireObject("pattern")), behavior(p.requireString("behavior")),
                    p.bool("invert").orElse(false));
            case "ByteLevel" -> new ByteLevel(p.bool("add_prefix_space").orElse(false),
                    p.bool("use_regex").orElse(true) ? new Split(Patterns.regex(GPT2_REGEX), Behavior.ISOLATED, false) : null);
            case "Metaspace" -> new Metaspace(p.string("replacement").orElse("\u2581"),
                    p.string("prepend_scheme").orElse(p.bool("add_prefix_space").orElse(true) ? "always" : "never"),
                    p.bool("split").orElse(true));
            case "Digits" -> new Split(Patterns.regex(p.bool("individual_digits").orElse(false) ? "\\p{N}" : "\\p{N}+"),
                    Behavior.ISOLATED, false);
            case "WhitespaceSplit" -> new Split(Patterns.regex("\\s+"), Behavior.REMOVED, false);
            case "Whitespace" -> new Split(Patterns.regex("\\w+|[^\\w\\s]+"), Behavior.REMOVED, true);
            case "Punctuation" -> new Split(Patterns.regex("\\p{P}"), behavior(p.string("behavior").orElse("Isolated")), false);
            default -> throw new MetadataException("unsupported pre_tokenizer " + type);
        };
    }

    private static Behavior behavior(String name) {
        return switch (name) {
            case "Isolated" -> Behavior.ISOLATED;
            case "Removed" -> Behavior.REMOVED;
            case "MergedWithPrevious" -> Behavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> Behavior.MERGED_WITH_NEXT;
            case "Contiguous" -> Behavior.CONTIGUOUS;
            default -> throw new MetadataException("unsupported split behavior " + name);
        };
    }
}
