package dev.mlxgguf.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * MLX model folders damaged in the ways reliability test T-A4 lists: malformed safetensors headers and
 * offsets, unsafe or unsupported folders. Each case starts from a valid tiny Llama folder and breaks one
 * thing; a loader must refuse every case with a load error, never crash or run code. Stateless.
 */
public final class DamagedMlxFolders {

    /** The damage. */
    public enum Case {
        /** Header length 0. */
        HEADER_LENGTH_ZERO,
        /** Header length 7 (shorter than any valid header). */
        HEADER_LENGTH_SEVEN,
        /** Header length just over 100,000,000. */
        HEADER_LENGTH_TOO_LARGE,
        /** Header length 2^64 - 1. */
        HEADER_LENGTH_MAX,
        /** Header bytes that are not UTF-8. */
        HEADER_NOT_UTF8,
        /** Header that is not valid JSON. */
        HEADER_INVALID_JSON,
        /** The same tensor name twice. */
        DUPLICATE_KEYS,
        /** Two tensors whose byte ranges overlap. */
        OFFSETS_OVERLAP,
        /** A gap between two tensors. */
        OFFSETS_GAP,
        /** A tensor ending past the end of the file. */
        OFFSETS_PAST_EOF,
        /** A tensor whose end is before its start. */
        OFFSETS_END_BEFORE_START,
        /** A shape whose element count overflows 64 bits. */
        SHAPE_OVERFLOW,
        /** An unknown dtype. */
        UNKNOWN_DTYPE,
        /** Byte range size different from shape times dtype size. */
        SIZE_MISMATCH,
        /** The file is cut short inside the data. */
        TRUNCATED_DATA,
        /** {@code config.json} names a {@code model_file} and a {@code .py} file writes a canary. */
        CONFIG_MODEL_FILE,
        /** Only pickle weights ({@code pytorch_model.bin}). */
        PICKLE_ONLY,
        /** {@code model_type} the engine does not support. */
        UNSUPPORTED_MODEL_TYPE,
        /** A tensor the config needs is missing. */
        MISSING_TENSOR,
        /** A tensor's shape disagrees with the config. */
        WRONG_SHAPE
    }

    /** Name of the file a {@link Case#CONFIG_MODEL_FILE} payload would create next to the folder if run. */
    public static final String CANARY = "CANARY-model-file-executed";

    private DamagedMlxFolders() {
    }

    /**
     * Writes a damaged folder.
     *
     * @param c   the damage
     * @param dir the folder to create
     * @return {@code dir}
     */
    public static Path write(Case c, Path dir) {
        TinyVocab vocab = TinyVocab.ByteLevel.standard();
        TinyArchModel model = TinyArchModel.of(TinyArch.LLAMA, 1, vocab.size());
        MlxFolder.of(model, vocab, SafetensorsWriter.FloatType.BF16).writeTo(dir);
        try {
            Path st = dir.resolve("model.safetensors");
            switch (c) {
                case CONFIG_MODEL_FILE -> {
                    String cfg = Files.readString(dir.resolve("config.json"));
                    Files.writeString(dir.resolve("config.json"), cfg.replaceFirst("\\{", "{\"model_file\": \"evil.py\", "));
                    Files.writeString(dir.resolve("evil.py"), "open('../" + CANARY + "', 'w').write('ran')\n");
                }
                case PICKLE_ONLY -> {
                    Files.move(st, dir.resolve("pytorch_model.bin"));
                    Files.delete(dir.resolve("model.safetensors.index.json"));
                }
                case UNSUPPORTED_MODEL_TYPE -> {
                    String cfg = Files.readString(dir.resolve("config.json"));
                    Files.writeString(dir.resolve("config.json"), cfg.replaceFirst("\"model_type\":\\s*\"llama\"",
                            "\"model_type\": \"mamba\""));
                }
                case MISSING_TENSOR, WRONG_SHAPE -> {
                    SafetensorsWriter w = new SafetensorsWriter();
                    for (WeightTensor t : model.weights().tensors()) {
                        boolean target = t.name().equals("model.layers.1.mlp.down_proj.weight");
                        if (target && c == Case.MISSING_TENSOR) {
                            continue;
                        }
                        int[] s = t.shape();
                        long[] shape = target ? new long[] {s[1], s[0]} : java.util.Arrays.stream(s).asLongStream().toArray();
                        w.add(t.name(), SafetensorsWriter.FloatType.BF16, t.values(), shape);
                    }
                    w.write(st);
                    Files.delete(dir.resolve("model.safetensors.index.json"));
                }
                default -> {
                    Files.write(st, damagedSafetensors(c));
                    Files.delete(dir.resolve("model.safetensors.index.json"));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] damagedSafetensors(Case c) {
        String a = "\"a\": {\"dtype\": \"F32\", \"shape\": [2, 2], \"data_offsets\": [0, 16]}";
        String b = "\"b\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [16, 32]}";
        String header = switch (c) {
            case DUPLICATE_KEYS -> "{" + a + ", " + a.replace("[0, 16]", "[16, 32]") + "}";
            case OFFSETS_OVERLAP -> "{" + a + ", " + b.replace("[16, 32]", "[8, 24]") + "}";
            case OFFSETS_GAP -> "{" + a + ", " + b.replace("[16, 32]", "[20, 36]") + "}";
            case OFFSETS_PAST_EOF -> "{" + a + ", " + b.replace("[16, 32]", "[16, 4096]").replace("[4]", "[1020]") + "}";
            case OFFSETS_END_BEFORE_START -> "{" + a + ", " + b.replace("[16, 32]", "[16, 8]") + "}";
            case SHAPE_OVERFLOW -> "{" + a + ", " + b.replace("[4]", "[4294967296, 4294967296]") + "}";
            case UNKNOWN_DTYPE -> "{" + a + ", " + b.replace("F32", "F7") + "}";
            case SIZE_MISMATCH -> "{" + a + ", " + b.replace("[4]", "[3]") + "}";
            case HEADER_INVALID_JSON -> "{" + a + ", " + b + ",";
            default -> "{\"__metadata__\": {\"format\": \"mlx\"}, " + a + ", " + b + "}";
        };
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        if (c == Case.HEADER_NOT_UTF8) {
            json[json.length - 5] = (byte) 0xFF;
            json[json.length - 4] = (byte) 0xFE;
        }
        long length = switch (c) {
            case HEADER_LENGTH_ZERO -> 0;
            case HEADER_LENGTH_SEVEN -> 7;
            case HEADER_LENGTH_TOO_LARGE -> 100_000_001L;
            case HEADER_LENGTH_MAX -> -1L;
            default -> json.length;
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(length).array());
        out.writeBytes(json);
        out.writeBytes(new byte[c == Case.TRUNCATED_DATA ? 20 : 32]);
        return out.toByteArray();
    }

    /** {@return the cases, by name, for parameterized tests} */
    public static Map<String, Case> cases() {
        Map<String, Case> m = new java.util.LinkedHashMap<>();
        for (Case c : Case.values()) {
            m.put(c.name(), c);
        }
        return m;
    }
}
