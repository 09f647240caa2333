package dev.mlxgguf.host.protocol;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes frames to one stream from any thread; each frame is written whole and flushed.
 * Thread-safe.
 */
public final class FrameWriter implements AutoCloseable {

    private final DataOutputStream out;

    /**
     * Wraps a stream; the writer owns it.
     *
     * @param out the stream
     */
    public FrameWriter(OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /**
     * Writes and flushes one frame.
     *
     * @param frame the frame
     * @throws IOException if the peer is gone
     */
    public void write(Frame frame) throws IOException {
        synchronized (out) {
            FrameCodec.write(out, frame);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (out) {
            out.close();
        }
    }
}
