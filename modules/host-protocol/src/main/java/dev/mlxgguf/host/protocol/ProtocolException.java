package dev.mlxgguf.host.protocol;

import java.io.IOException;

/** The byte stream from a peer is not a valid frame sequence; the connection must be dropped. */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was wrong
     */
    public ProtocolException(String message) {
        super(message);
    }
}
