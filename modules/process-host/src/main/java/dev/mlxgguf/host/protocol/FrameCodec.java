package dev.mlxgguf.host.protocol;

import dev.mlxgguf.json.Jsonp;
import jakarta.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Writes and reads frames as envelopes: magic {@code "MGF1"} (4 bytes), a type tag (1 byte), the body
 * length (4 bytes, big-endian) and a UTF-8 JSON body. The magic makes stray output on the child's
 * stdout (e.g. a native library printing) a protocol error instead of silent corruption.
 *
 * <p>Stateless and thread-safe; callers serialise writes to one stream themselves.
 */
public final class FrameCodec {

    /** Envelope magic, "MGF1". */
    static final int MAGIC = 0x4D474631;
    /** Largest accepted body (prompts of long contexts fit easily). */
    public static final int MAX_BODY = 64 << 20;

    private FrameCodec() {
    }

    /**
     * Writes one frame; does not flush.
     *
     * @param out   the stream
     * @param frame the frame
     * @throws IOException if writing fails
     */
    public static void write(DataOutputStream out, Frame frame) throws IOException {
        byte[] bytes = Jsonp.writeBytes(FrameJson.toJson(frame));
        if (bytes.length > MAX_BODY) {
            throw new ProtocolException("frame body too large: " + bytes.length);
        }
        out.writeInt(MAGIC);
        out.writeByte(FrameJson.tag(frame));
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Reads one frame, blocking until it is complete.
     *
     * @param in the stream
     * @return the frame
     * @throws EOFException      if the stream ended cleanly before a frame
     * @throws ProtocolException if the bytes are not a valid frame
     * @throws IOException       if reading fails
     */
    public static Frame read(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new ProtocolException(String.format("bad frame magic 0x%08x (stray output on the protocol stream?)", magic));
        }
        int tag = in.readUnsignedByte();
        int length = in.readInt();
        if (length < 0 || length > MAX_BODY) {
            throw new ProtocolException("bad frame length " + length);
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new EOFException("truncated frame");
        }
        JsonObject body;
        try {
            body = Jsonp.parse(bytes).asJsonObject();
        } catch (RuntimeException e) {
            throw new ProtocolException("bad frame body: " + e.getMessage());
        }
        try {
            return FrameJson.fromJson(tag, body);
        } catch (RuntimeException e) {
            throw new ProtocolException("bad frame (tag " + tag + "): " + e);
        }
    }
}
