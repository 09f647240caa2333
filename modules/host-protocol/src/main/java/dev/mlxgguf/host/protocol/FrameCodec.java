package dev.mlxgguf.host.protocol;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonObject;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes and reads frames as envelopes: magic {@code "MGF1"} (4 bytes), the frame's tag (1 byte), the body
 * length (4 bytes, big-endian) and the body. Bodies are UTF-8 JSON ({@link FrameJson}), except
 * {@link FromHost.Token}'s compact binary body (request id length as 2 bytes, the id in UTF-8, the token
 * count as 4 bytes, then the text in UTF-8), which is most of the traffic. The magic makes stray output on
 * the child's stdout (e.g. a native library printing) a protocol error instead of silent corruption.
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
        if (frame instanceof FromHost.Token t) {
            byte[] id = t.requestId().getBytes(StandardCharsets.UTF_8);
            byte[] text = t.text().getBytes(StandardCharsets.UTF_8);
            if (id.length > 0xFFFF) {
                throw new ProtocolException("request id too long: " + id.length + " bytes");
            }
            out.writeInt(MAGIC);
            out.writeByte(FromHost.Token.TAG);
            out.writeInt(2 + id.length + 4 + text.length);
            out.writeShort(id.length);
            out.write(id);
            out.writeInt(t.tokens());
            out.write(text);
            return;
        }
        byte[] bytes = Jsonp.writeBytes(FrameJson.toJson(frame));
        if (bytes.length > MAX_BODY) {
            throw new ProtocolException("frame body too large: " + bytes.length);
        }
        out.writeInt(MAGIC);
        out.writeByte(frame.tag());
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Reads one frame sent to a host, blocking until it is complete.
     *
     * @param in the stream
     * @return the frame
     * @throws EOFException      if the stream ended cleanly before a frame
     * @throws ProtocolException if the bytes are not a valid frame to a host
     * @throws IOException       if reading fails
     */
    public static ToHost readToHost(DataInputStream in) throws IOException {
        Envelope e = envelope(in);
        try {
            return FrameJson.toHost(e.tag(), json(e));
        } catch (ProtocolException x) {
            throw x;
        } catch (RuntimeException x) {
            throw new ProtocolException("bad frame (tag " + e.tag() + "): " + x);
        }
    }

    /**
     * Reads one frame sent by a host, blocking until it is complete.
     *
     * @param in the stream
     * @return the frame
     * @throws EOFException      if the stream ended cleanly before a frame
     * @throws ProtocolException if the bytes are not a valid frame from a host
     * @throws IOException       if reading fails
     */
    public static FromHost readFromHost(DataInputStream in) throws IOException {
        Envelope e = envelope(in);
        try {
            return e.tag() == FromHost.Token.TAG ? token(e.body()) : FrameJson.fromHost(e.tag(), json(e));
        } catch (ProtocolException x) {
            throw x;
        } catch (RuntimeException x) {
            throw new ProtocolException("bad frame (tag " + e.tag() + "): " + x);
        }
    }

    private record Envelope(int tag, byte[] body) {
    }

    private static Envelope envelope(DataInputStream in) throws IOException {
        int magic = in.readInt();
        if (magic != MAGIC) {
            throw new ProtocolException(String.format("bad frame magic 0x%08x (stray output on the protocol stream?)", magic));
        }
        int tag = in.readUnsignedByte();
        int length = in.readInt();
        if (length < 0 || length > MAX_BODY) {
            throw new ProtocolException("bad frame length " + length);
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new EOFException("truncated frame");
        }
        return new Envelope(tag, body);
    }

    private static JsonObject json(Envelope e) throws ProtocolException {
        try {
            return Jsonp.parse(e.body()).asJsonObject();
        } catch (RuntimeException x) {
            throw new ProtocolException("bad frame body (tag " + e.tag() + "): " + x.getMessage());
        }
    }

    private static FromHost.Token token(byte[] body) throws ProtocolException {
        if (body.length < 6) {
            throw new ProtocolException("token frame too short");
        }
        int idLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
        if (2 + idLength + 4 > body.length) {
            throw new ProtocolException("token frame id overruns the body");
        }
        String id = new String(body, 2, idLength, StandardCharsets.UTF_8);
        int at = 2 + idLength;
        int tokens = ((body[at] & 0xFF) << 24) | ((body[at + 1] & 0xFF) << 16) | ((body[at + 2] & 0xFF) << 8)
                | (body[at + 3] & 0xFF);
        String text = new String(body, at + 4, body.length - at - 4, StandardCharsets.UTF_8);
        return new FromHost.Token(id, text, tokens);
    }
}
