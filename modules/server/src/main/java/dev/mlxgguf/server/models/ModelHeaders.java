package dev.mlxgguf.server.models;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a {@link ModelHeader} for any model of the catalog. Stateless and thread-safe. */
public final class ModelHeaders {

    private static final long MAX_CONFIG = 4 << 20;

    private ModelHeaders() {
    }

    /**
     * Reads a model's header.
     *
     * @param model the model
     * @return its header; {@link ModelHeader#UNKNOWN} when unreadable
     */
    public static ModelHeader read(ModelEntry model) {
        return switch (model.format()) {
            case GGUF -> GgufHeaderReader.read(model.path());
            case MLX -> mlx(model.path().resolve("config.json"));
        };
    }

    private static ModelHeader mlx(Path config) {
        try {
            if (Files.size(config) > MAX_CONFIG) {
                return ModelHeader.UNKNOWN;
            }
            if (!(Jsonp.parse(Files.readAllBytes(config)) instanceof JsonObject c)) {
                return ModelHeader.UNKNOWN;
            }
            JsonObject text = c.get("text_config") instanceof JsonObject t ? t : c;
            int heads = num(text, "num_attention_heads");
            int hidden = num(text, "hidden_size");
            int kv = num(text, "num_key_value_heads");
            int headDim = num(text, "head_dim");
            String arch = c.get("model_type") instanceof JsonString s ? s.getString() : "";
            return new ModelHeader(arch, num(text, "max_position_embeddings"), num(text, "num_hidden_layers"),
                    kv > 0 ? kv : heads, headDim > 0 ? headDim : heads > 0 ? hidden / heads : 0);
        } catch (IOException | RuntimeException e) {
            return ModelHeader.UNKNOWN;
        }
    }

    private static int num(JsonObject o, String key) {
        return o.get(key) instanceof JsonNumber n && n.isIntegral() ? (int) Math.min(Integer.MAX_VALUE, n.longValue()) : 0;
    }
}
