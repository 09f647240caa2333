package dev.mlxgguf.engine.mlx.tokenizer;

import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the {@code decoder} of {@code tokenizer.json} into per-token byte pieces, so that streaming can
 * emit raw bytes token by token and leave UTF-8 assembly to the stream: {@code ByteLevel} maps characters
 * back to bytes; {@code Replace} rewrites the token text (U+2581 to space); {@code ByteFallback} turns
 * {@code <0xNN>} into byte NN; {@code Fuse} needs nothing per token; {@code Strip} and {@code Metaspace}
 * remove leading spaces at the start of a decoded text ({@link #leadingStrip()}). Immutable.
 */
final class TokenDecoder {

    private sealed interface Step {
    }

    private record ByteLevelStep() implements Step {
    }

    private record ReplaceStep(String from, String to) implements Step {
    }

    private record ByteFallbackStep() implements Step {
    }

    private record StripStep(int start) implements Step {
    }

    private final List<Step> steps;
    private final int leadingStrip;

    private TokenDecoder(List<Step> steps) {
        this.steps = List.copyOf(steps);
        int strip = 0;
        for (Step s : steps) {
            if (s instanceof StripStep st) {
                strip += st.start();
            }
        }
        this.leadingStrip = strip;
    }

    /**
     * @param decoder the {@code decoder} object, or null (pieces are then the token texts)
     * @return the decoder
     * @throws MetadataException for an unsupported decoder type
     */
    static TokenDecoder parse(Metadata decoder) {
        List<Step> steps = new ArrayList<>();
        if (decoder != null) {
            collect(decoder, steps);
        }
        return new TokenDecoder(steps);
    }

    private static void collect(Metadata d, List<Step> steps) {
        String type = d.requireString("type");
        switch (type) {
            case "Sequence" -> {
                for (Object o : d.requireArray("decoders")) {
                    collect((Metadata) o, steps);
                }
            }
            case "ByteLevel" -> steps.add(new ByteLevelStep());
            case "Replace" -> {
                Metadata p = d.requireObject("pattern");
                if (!p.has("String")) {
                    throw new MetadataException("only string patterns are supported in the Replace decoder");
                }
                steps.add(new ReplaceStep(p.requireString("String"), d.requireString("content")));
            }
            case "ByteFallback" -> steps.add(new ByteFallbackStep());
            case "Fuse" -> {
            }
            case "Strip" -> steps.add(new StripStep(d.integer("start").orElse(0)));
            case "Metaspace" -> {
                String replacement = d.string("replacement").orElse("\u2581");
                steps.add(new ReplaceStep(replacement, " "));
                String scheme = d.string("prepend_scheme").orElse(d.bool("add_prefix_space").orElse(true) ? "always" : "never");
                if (!scheme.equals("never")) {
                    steps.add(new StripStep(1));
                }
            }
            default -> throw new MetadataException("unsupported decoder " + type);
        }
    }

    /** {@return how many leading spaces are removed from the start of a decoded text} */
    int leadingStrip() {
        return leadingStrip;
    }

    /**
     * @param token a vocabulary token text
     * @return the bytes it decodes to
     */
    byte[] piece(String token) {
        String text = token;
        for (Step s : steps) {
            switch (s) {
                case ReplaceStep r -> text = text.replace(r.from(), r.to());
                case ByteFallbackStep b -> {
                    int v = byteToken(text);
                    if (v >= 0) {
                        return new byte[] {(byte) v};
                    }
                }
                case ByteLevelStep b -> {
                    byte[] mapped = byteLevel(text);
                    if (mapped != null) {
                        return mapped;
                    }
                }
                case StripStep st -> {
                }
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static int byteToken(String t) {
        if (t.length() == 6 && t.startsWith("<0x") && t.endsWith(">")) {
            try {
                return Integer.parseInt(t.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private static byte[] byteLevel(String t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(t.length());
        for (int i = 0; i < t.length(); i++) {
            int b = ByteLevelMap.byteOf(t.charAt(i));
            if (b < 0) {
                return null;
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
