package dev.mlxgguf.engine.mlx.metadata;

/**
 * Malformed JSON, or a JSON value of the wrong type or range where a typed accessor expected another.
 * The message is safe to show to clients (no paths); callers add the file name.
 */
public final class MetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong
     */
    public MetadataException(String message) {
        super(message);
    }
}
