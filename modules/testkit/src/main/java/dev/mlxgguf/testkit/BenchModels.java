package dev.mlxgguf.testkit;

import dev.mlxgguf.json.JsonTrees;
import dev.mlxgguf.json.Jsonp;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes real-shaped models with random weights for benchmarks, streaming tensor by tensor (a 1.3 GB model
 * never sits in the heap): MLX folders in BF16 or quantized to 4 or 8 bits (group 64, BF16 scales, tied quantized
 * embedding, as {@code mlx_lm.convert -q} writes them) and GGUF files in F16, Q8_0 or Q4_0 (norms and biases
 * F32). Weights are uniform random in about [-0.02, 0.02], so activations stay finite. The tokenizer is the tiny
 * {@link ByteLevelBpe}, padded to the model's vocabulary size with ordinary word tokens {@code " w<id>"} (never
 * produced by encoding, but random weights sample them, and they decode to text as real tokens do).
 */
public final class BenchModels {

    private record Spec(String name, long[] shape, int kind) {
    }

    private static final int MATRIX = 0;
    private static final int NORM = 1;
    private static final int BIAS = 2;

    private BenchModels() {
    }

    /**
     * Writes an MLX folder unless it already exists.
     *
     * @param dir   the folder
     * @param shape the model shape
     * @param bits  4 or 8 (quantized) or 16 (BF16)
     * @return {@code dir}
     */
    public static Path mlx(Path dir, BenchShape shape, int bits) {
        if (bits != 4 && bits != 8 && bits != 16) {
            throw new IllegalArgumentException("bits must be 4, 8 or 16");
        }
        if (Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return dir;
        }
        try {
            Files.createDirectories(dir);
            List<Spec> specs = specs(shape, true);
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("__metadata__", Map.of("format", "mlx"));
            long offset = 0;
            List<long[]> parts = new ArrayList<>();
            for (Spec s : specs) {
                if (s.kind() == MATRIX && bits == 16) {
                    offset = entry(header, s.name(), "BF16", List.of(s.shape()[0], s.shape()[1]), offset,
                            s.shape()[0] * s.shape()[1] * 2, parts);
                } else if (s.kind() == MATRIX) {
                    long rows = s.shape()[0];
                    long cols = s.shape()[1];
                    String module = s.name().substring(0, s.name().length() - ".weight".length());
                    offset = entry(header, s.name(), "U32", List.of(rows, cols * bits / 32), offset,
                            rows * cols * bits / 8, parts);
                    offset = entry(header, module + ".scales", "BF16", List.of(rows, cols / 64), offset,
                            rows * cols / 64 * 2, parts);
                    offset = entry(header, module + ".biases", "BF16", List.of(rows, cols / 64), offset,
                            rows * cols / 64 * 2, parts);
                } else {
                    offset = entry(header, s.name(), "BF16", List.of(s.shape()[0]), offset, s.shape()[0] * 2, parts);
                }
            }
            byte[] json = Jsonp.write(JsonTrees.toJson(header)).getBytes(StandardCharsets.UTF_8);
            SplittableRandom rnd = new SplittableRandom(1);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("model.safetensors")), 1 << 20)) {
                out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
                out.write(json);
                int i = 0;
                for (Spec s : specs) {
                    if (s.kind() == MATRIX && bits == 16) {
                        randomHalves(out, parts.get(i++)[0] / 2, rnd, true);
                    } else if (s.kind() == MATRIX) {
                        randomBytes(out, parts.get(i++)[0], rnd);
                        constantBf16(out, parts.get(i++)[0] / 2, (float) (0.04 / ((1 << bits) - 1)));
                        constantBf16(out, parts.get(i++)[0] / 2, -0.02f);
                    } else {
                        constantBf16(out, parts.get(i++)[0] / 2, s.kind() == NORM ? 1f : 0.01f);
                    }
                }
            }
            MlxFolder.write(dir, "config.json", config(shape, bits));
            TinyVocab vocab = TinyVocab.ByteLevel.standard();
            MlxFolder.write(dir, "tokenizer.json", paddedTokenizerJson(vocab, shape.vocab()));
            MlxFolder.write(dir, "tokenizer_config.json", vocab.tokenizerConfig(java.util.Optional.of(TinyGguf.CHATML_TEMPLATE)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes (or finds) an MLX folder named {@code <shape>-mlx-8bit}, {@code -mlx-4bit} or {@code -mlx-bf16} in
     * {@code dir}: the names the benchmark tools share.
     *
     * @param dir   the models folder
     * @param shape the model shape
     * @param bits  4, 8 or 16 (BF16)
     * @return the folder
     */
    public static Path mlxIn(Path dir, BenchShape shape, int bits) {
        return mlx(dir.resolve(shape.name() + "-mlx-" + (bits == 16 ? "bf16" : bits + "bit")), shape, bits);
    }

    /**
     * Writes (or finds) a GGUF file named {@code <shape>-<type>.gguf} (e.g. {@code qwen2.5-0.5b-Q8_0.gguf}) in
     * {@code dir}.
     *
     * @param dir   the models folder
     * @param shape the model shape
     * @param type  F16, Q8_0 or Q4_0
     * @return the file
     */
    public static Path ggufIn(Path dir, BenchShape shape, GgmlType type) {
        return gguf(dir.resolve(shape.name() + "-" + type + ".gguf"), shape, type);
    }

    /** {@return the byte-level text of padding token {@code id}: "Ġw" + id, which decodes to " w<id>"} */
    private static String padToken(int id) {
        return "\u0120w" + id;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> paddedTokenizerJson(TinyVocab vocab, int size) {
        Map<String, Object> json = vocab.tokenizerJson();
        Map<String, Integer> ids = (Map<String, Integer>) ((Map<String, Object>) json.get("model")).get("vocab");
        for (int i = vocab.size(); i < size; i++) {
            ids.put(padToken(i), i);
        }
        return json;
    }

    private static long entry(Map<String, Object> header, String name, String dtype, List<Long> shape, long offset,
                              long bytes, List<long[]> parts) {
        header.put(name, Map.of("dtype", dtype, "shape", shape, "data_offsets", List.of(offset, offset + bytes)));
        parts.add(new long[] {bytes});
        return offset + bytes;
    }

    private static Map<String, Object> config(BenchShape s, int bits) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("model_type", s.arch());
        c.put("hidden_size", s.hidden());
        c.put("num_hidden_layers", s.layers());
        c.put("num_attention_heads", s.heads());
        c.put("num_key_value_heads", s.kvHeads());
        c.put("intermediate_size", s.intermediate());
        c.put("vocab_size", s.vocab());
        c.put("rms_norm_eps", 1e-6);
        c.put("max_position_embeddings", 32768);
        c.put("rope_theta", s.ropeTheta());
        c.put("tie_word_embeddings", true);
        c.put("eos_token_id", ByteLevelBpe.standard().imEndId());
        if (bits != 16) {
            Map<String, Object> q = Map.of("group_size", 64, "bits", bits);
            c.put("quantization", q);
            c.put("quantization_config", q);
        } else {
            c.put("torch_dtype", "bfloat16");
        }
        return c;
    }

    private static List<Spec> specs(BenchShape s, boolean mlxNames) {
        List<Spec> out = new ArrayList<>();
        int q = s.heads() * s.headDim();
        int kv = s.kvHeads() * s.headDim();
        out.add(new Spec(mlxNames ? "model.embed_tokens.weight" : "token_embd.weight", new long[] {s.vocab(),
                s.hidden()}, MATRIX));
        for (int i = 0; i < s.layers(); i++) {
            String p = mlxNames ? "model.layers." + i + "." : "blk." + i + ".";
            out.add(new Spec(p + (mlxNames ? "input_layernorm.weight" : "attn_norm.weight"), new long[] {s.hidden()}, NORM));
            String[][] proj = {{"self_attn.q_proj", "attn_q", "" + q}, {"self_attn.k_proj", "attn_k", "" + kv},
                {"self_attn.v_proj", "attn_v", "" + kv}};
            for (String[] p3 : proj) {
                int rows = Integer.parseInt(p3[2]);
                out.add(new Spec(p + (mlxNames ? p3[0] : p3[1]) + ".weight", new long[] {rows, s.hidden()}, MATRIX));
                if (s.qkvBias()) {
                    out.add(new Spec(p + (mlxNames ? p3[0] : p3[1]) + ".bias", new long[] {rows}, BIAS));
                }
            }
            out.add(new Spec(p + (mlxNames ? "self_attn.o_proj" : "attn_output") + ".weight", new long[] {s.hidden(),
                    q}, MATRIX));
            out.add(new Spec(p + (mlxNames ? "post_attention_layernorm.weight" : "ffn_norm.weight"),
                    new long[] {s.hidden()}, NORM));
            out.add(new Spec(p + (mlxNames ? "mlp.gate_proj" : "ffn_gate") + ".weight", new long[] {s.intermediate(),
                    s.hidden()}, MATRIX));
            out.add(new Spec(p + (mlxNames ? "mlp.up_proj" : "ffn_up") + ".weight", new long[] {s.intermediate(),
                    s.hidden()}, MATRIX));
            out.add(new Spec(p + (mlxNames ? "mlp.down_proj" : "ffn_down") + ".weight", new long[] {s.hidden(),
                    s.intermediate()}, MATRIX));
        }
        out.add(new Spec(mlxNames ? "model.norm.weight" : "output_norm.weight", new long[] {s.hidden()}, NORM));
        return out;
    }

    /**
     * Writes a GGUF file unless it already exists.
     *
     * @param file  the file
     * @param shape the model shape
     * @param type  {@link GgmlType#F16}, {@link GgmlType#Q8_0} or {@link GgmlType#Q4_0}
     * @return {@code file}
     */
    public static Path gguf(Path file, BenchShape shape, GgmlType type) {
        if (type != GgmlType.F16 && type != GgmlType.Q8_0 && type != GgmlType.Q4_0) {
            throw new IllegalArgumentException("type must be F16, Q8_0 or Q4_0");
        }
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.getParent());
            GgufStream g = new GgufStream();
            String a = shape.arch();
            g.kvString("general.architecture", a);
            g.kvString("general.name", "bench");
            g.kvU32("general.file_type", switch (type) {
                case F16 -> 1;
                case Q8_0 -> 7;
                default -> 2;
            });
            g.kvU32("general.quantization_version", 2);
            g.kvU32(a + ".context_length", 32768);
            g.kvU32(a + ".embedding_length", shape.hidden());
            g.kvU32(a + ".block_count", shape.layers());
            g.kvU32(a + ".feed_forward_length", shape.intermediate());
            g.kvU32(a + ".attention.head_count", shape.heads());
            g.kvU32(a + ".attention.head_count_kv", shape.kvHeads());
            g.kvF32(a + ".attention.layer_norm_rms_epsilon", 1e-6f);
            g.kvU32(a + ".rope.dimension_count", shape.headDim());
            g.kvF32(a + ".rope.freq_base", (float) shape.ropeTheta());
            List<String> tokens = new ArrayList<>(ByteLevelBpe.standard().tokens());
            int[] types = new int[shape.vocab()];
            List<TokenType> known = ByteLevelBpe.standard().tokenTypes();
            for (int i = 0; i < shape.vocab(); i++) {
                if (i >= tokens.size()) {
                    tokens.add(padToken(i));
                }
                types[i] = i < known.size() ? known.get(i).ggufCode() : TokenType.NORMAL.ggufCode();
            }
            g.kvString("tokenizer.ggml.model", "gpt2");
            g.kvString("tokenizer.ggml.pre", "llama-bpe");
            g.kvStrings("tokenizer.ggml.tokens", tokens);
            g.kvInts("tokenizer.ggml.token_type", types);
            g.kvStrings("tokenizer.ggml.merges", ByteLevelBpe.standard().merges());
            g.kvU32("tokenizer.ggml.eos_token_id", ByteLevelBpe.standard().imEndId());
            List<Spec> specs = specs(shape, false);
            for (Spec s : specs) {
                long[] ne = s.shape().length == 2 ? new long[] {s.shape()[1], s.shape()[0]} : s.shape();
                g.tensor(s.name(), ne, s.kind() == MATRIX ? type : GgmlType.F32);
            }
            SplittableRandom rnd = new SplittableRandom(2);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
                g.writeHeader(out);
                for (int i = 0; i < specs.size(); i++) {
                    Spec s = specs.get(i);
                    long n = s.shape().length == 2 ? s.shape()[0] * s.shape()[1] : s.shape()[0];
                    if (s.kind() == MATRIX && type == GgmlType.F16) {
                        randomHalves(out, n, rnd, false);
                    } else if (s.kind() == MATRIX) {
                        randomBlocks(out, n / 32, type, rnd);
                    } else {
                        constantF32(out, n, s.kind() == NORM ? 1f : 0.01f);
                    }
                    g.pad(out, i);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void randomBlocks(OutputStream out, long blocks, GgmlType type, SplittableRandom rnd) throws IOException {
        int payload = type == GgmlType.Q8_0 ? 32 : 16;
        short d = Float.floatToFloat16(type == GgmlType.Q8_0 ? 0.02f / 127 : 0.02f / 8);
        byte[] block = new byte[2 + payload];
        block[0] = (byte) d;
        block[1] = (byte) (d >> 8);
        for (long b = 0; b < blocks; b++) {
            for (int i = 0; i < payload; i += 8) {
                long r = rnd.nextLong();
                for (int j = 0; j < 8; j++) {
                    block[2 + i + j] = (byte) (r >>> (8 * j));
                }
            }
            out.write(block);
        }
    }

    /** Writes {@code n} random 16-bit floats (BF16 or IEEE half) uniform in [-0.02, 0.02), from a table of 1024 values. */
    private static void randomHalves(OutputStream out, long n, SplittableRandom rnd, boolean bf16) throws IOException {
        short[] table = new short[1024];
        for (int i = 0; i < table.length; i++) {
            float v = (i - 512) * (0.02f / 512);
            table[i] = bf16 ? Bf16.bits(v) : Float.floatToFloat16(v);
        }
        byte[] buf = new byte[1 << 16];
        for (long done = 0; done < n; done += buf.length / 2) {
            for (int i = 0; i < buf.length; i += 12) {
                long r = rnd.nextLong();
                for (int j = 0; j < 6 && i + 2 * j + 1 < buf.length; j++) {
                    short h = table[(int) (r >>> (10 * j)) & 1023];
                    buf[i + 2 * j] = (byte) h;
                    buf[i + 2 * j + 1] = (byte) (h >> 8);
                }
            }
            out.write(buf, 0, (int) Math.min(buf.length, (n - done) * 2));
        }
    }

    private static void randomBytes(OutputStream out, long n, SplittableRandom rnd) throws IOException {
        byte[] buf = new byte[1 << 16];
        for (long done = 0; done < n; done += buf.length) {
            for (int i = 0; i < buf.length; i += 8) {
                long r = rnd.nextLong();
                for (int j = 0; j < 8; j++) {
                    buf[i + j] = (byte) (r >>> (8 * j));
                }
            }
            out.write(buf, 0, (int) Math.min(buf.length, n - done));
        }
    }

    private static void constantBf16(OutputStream out, long n, float v) throws IOException {
        short b = Bf16.bits(v);
        for (long i = 0; i < n; i++) {
            out.write(b);
            out.write(b >> 8);
        }
    }

    private static void constantF32(OutputStream out, long n, float v) throws IOException {
        int b = Float.floatToRawIntBits(v);
        for (long i = 0; i < n; i++) {
            out.write(b);
            out.write(b >> 8);
            out.write(b >> 16);
            out.write(b >> 24);
        }
    }
}
