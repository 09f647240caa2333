package dev.mlxgguf.server.models;

/** Format of a model in the models folder. */
public enum ModelFormat {
    /** A {@code .gguf} file, served by llama.cpp. */
    GGUF("llama-cpp", "gguf"),
    /** A folder with {@code config.json} and safetensors, served by the JVM engine. */
    MLX("mlx", "mlx");

    private final String wireName;
    private final String engine;

    ModelFormat(String wireName, String engine) {
        this.wireName = wireName;
        this.engine = engine;
    }

    /** {@return the original's {@code model_type} value: {@code llama-cpp} or {@code mlx}} */
    public String wireName() {
        return wireName;
    }

    /** {@return the engine name that serves this format} */
    public String engine() {
        return engine;
    }
}
