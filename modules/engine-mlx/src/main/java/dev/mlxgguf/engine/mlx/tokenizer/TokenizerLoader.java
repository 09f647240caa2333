package dev.mlxgguf.engine.mlx.tokenizer;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;
import dev.mlxgguf.engine.mlx.metadata.MetadataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code tokenizer.json} (and {@code tokenizer_config.json} for the BOS/EOS texts) into a
 * {@link Tokenizer}. Accepts both merge formats ({@code "a b"} strings and {@code ["a", "b"]} pairs),
 * {@code ignore_merges}, {@code byte_fallback}, and the BOS that a {@code TemplateProcessing}
 * post-processor (or {@code add_bos_token} without one) puts before prompts.
 */
public final class TokenizerLoader {

    private TokenizerLoader() {
    }

    /**
     * Loads the tokenizer of a model folder.
     *
     * @param folder the folder holding {@code tokenizer.json}
     * @param config the parsed {@code tokenizer_config.json}, if present
     * @return the tokenizer
     * @throws ModelLoadException if {@code tokenizer.json} is missing, malformed or uses an unsupported model
     */
    public static Tokenizer load(Path folder, Optional<Metadata> config) {
        Path file = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("the model folder has no tokenizer.json");
        }
        try {
            return parse(Metadata.parse(Files.readString(file, StandardCharsets.UTF_8)), config);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read tokenizer.json", e);
        } catch (MetadataException | ClassCastException | IllegalArgumentException e) {
            throw new ModelLoadException("tokenizer.json: " + e.getMessage(), e);
        }
    }

    /**
     * Builds a tokenizer from parsed JSON.
     *
     * @param root   the {@code tokenizer.json} object
     * @param config the {@code tokenizer_config.json} object, if any
     * @return the tokenizer
     * @throws MetadataException if something is malformed or unsupported
     */
    public static Tokenizer parse(Metadata root, Optional<Metadata> config) {
        Metadata m = root.requireObject("model");
        String type = m.string("type").orElse("BPE");
        if (!type.equals("BPE")) {
            throw new MetadataException("unsupported tokenizer model " + type + " (only BPE)");
        }
        if (!m.string("continuing_subword_prefix").orElse("").isEmpty() || !m.string("end_of_word_suffix").orElse("").isEmpty()) {
            throw new MetadataException("BPE with continuing_subword_prefix or end_of_word_suffix is not supported");
        }
        Map<String, Integer> vocab = new HashMap<>();
        for (Map.Entry<String, Object> e : m.requireObject("vocab").asMap().entrySet()) {
            if (!(e.getValue() instanceof Long id) || id < 0 || id > 10_000_000) {
                throw new MetadataException("vocab id of " + e.getKey() + " is invalid");
            }
            vocab.put(e.getKey(), id.intValue());
        }
        List<String[]> merges = merges(m.array("merges").orElse(List.of()));
        int unk = m.string("unk_token").map(u -> vocab.getOrDefault(u, -1)).orElse(-1);
        BpeModel model = new BpeModel(vocab, merges, m.bool("byte_fallback").orElse(false),
                m.bool("ignore_merges").orElse(false), m.bool("fuse_unk").orElse(false), unk);
        List<AddedToken> added = new ArrayList<>();
        Map<String, Integer> ids = new HashMap<>(vocab);
        for (Object o : root.array("added_tokens").orElse(List.of())) {
            Metadata a = (Metadata) o;
            AddedToken t = new AddedToken(a.requireInt("id"), a.requireString("content"), a.bool("special").orElse(false),
                    a.bool("lstrip").orElse(false), a.bool("rstrip").orElse(false), a.bool("single_word").orElse(false));
            if (t.id() < 0 || t.id() > 10_000_000) {
                throw new MetadataException("added token id " + t.id() + " is invalid");
            }
            added.add(t);
            ids.put(t.content(), t.id());
        }
        Optional<String> bos = config.flatMap(c -> tokenText(c, "bos_token"));
        Optional<String> eos = config.flatMap(c -> tokenText(c, "eos_token"));
        int[] prefix = prefix(root.object("post_processor").orElse(null), config, bos, ids);
        return new Tokenizer(new TokenizerParts(ids, added, Normalizer.parse(root.object("normalizer").orElse(null)),
                PreTokenizer.parse(root.object("pre_tokenizer").orElse(null)), model,
                TokenDecoder.parse(root.object("decoder").orElse(null)), prefix, bos, eos));
    }

    private static List<String[]> merges(List<Object> raw) {
        List<String[]> out = new ArrayList<>(raw.size());
        for (Object o : raw) {
            if (o instanceof String s) {
                if (s.startsWith("#version")) {
                    continue;
                }
                int space = s.indexOf(' ');
                if (space <= 0) {
                    throw new MetadataException("invalid merge \"" + s + "\"");
                }
                out.add(new String[] {s.substring(0, space), s.substring(space + 1)});
            } else if (o instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof String a
                    && pair.get(1) instanceof String b) {
                out.add(new String[] {a, b});
            } else {
                throw new MetadataException("invalid merge entry");
            }
        }
        return out;
    }

    private static int[] prefix(Metadata post, Optional<Metadata> config, Optional<String> bos, Map<String, Integer> ids) {
        if (post != null) {
            List<Integer> out = new ArrayList<>();
            templatePrefix(post, out);
            return out.stream().mapToInt(Integer::intValue).toArray();
        }
        boolean addBos = config.flatMap(c -> c.bool("add_bos_token")).orElse(false);
        if (addBos && bos.isPresent() && ids.containsKey(bos.get())) {
            return new int[] {ids.get(bos.get())};
        }
        return new int[0];
    }

    private static void templatePrefix(Metadata post, List<Integer> out) {
        String type = post.string("type").orElse("");
        if (type.equals("Sequence")) {
            for (Object o : post.requireArray("processors")) {
                templatePrefix((Metadata) o, out);
            }
            return;
        }
        if (!type.equals("TemplateProcessing")) {
            return;
        }
        Metadata specials = post.object("special_tokens").orElse(null);
        for (Object o : post.requireArray("single")) {
            Metadata item = (Metadata) o;
            if (item.has("Sequence")) {
                return;
            }
            Metadata st = item.object("SpecialToken").orElse(null);
            if (st != null && specials != null) {
                Metadata spec = specials.requireObject(st.requireString("id"));
                for (Object id : spec.requireArray("ids")) {
                    out.add(((Long) id).intValue());
                }
            }
        }
    }

    private static Optional<String> tokenText(Metadata config, String key) {
        Object v = config.raw(key);
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof Metadata o) {
            return o.string("content");
        }
        return Optional.empty();
    }
}
