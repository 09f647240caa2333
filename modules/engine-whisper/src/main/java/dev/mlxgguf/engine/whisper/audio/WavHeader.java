package dev.mlxgguf.engine.whisper.audio;

import dev.mlxgguf.api.InvalidRequestException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * The parsed and checked header of a RIFF/WAVE file: its format chunk and where its data lies. A header that
 * contradicts itself or the file (a block size that does not match the sample format, a byte rate that does not
 * match the sample rate, a data chunk longer than the file, an absurd rate or channel count) is refused as
 * malformed: such files are forged or broken, and decoding them would read garbage or far too much.
 *
 * @param formatTag     the WAVE format tag (1 PCM, 3 IEEE float; for {@code WAVE_FORMAT_EXTENSIBLE} the
 *                      sub-format's tag)
 * @param channels      interleaved channels
 * @param sampleRate    frames per second
 * @param bitsPerSample container bits of one sample
 * @param blockAlign    bytes of one frame
 * @param dataOffset    file offset of the first sample
 * @param dataBytes     bytes of whole frames in the data chunk
 */
public record WavHeader(int formatTag, int channels, int sampleRate, int bitsPerSample, int blockAlign,
                        long dataOffset, long dataBytes) {

    /** {@code WAVE_FORMAT_PCM}. */
    public static final int PCM = 1;
    /** {@code WAVE_FORMAT_IEEE_FLOAT}. */
    public static final int IEEE_FLOAT = 3;
    private static final int EXTENSIBLE = 0xFFFE;
    private static final int MAX_CHANNELS = 8;
    private static final int MIN_RATE = 1000;
    private static final int MAX_RATE = 384_000;

    /** {@return the number of frames} */
    public long frames() {
        return dataBytes / blockAlign;
    }

    /** {@return true if the Java decoder handles the encoding (integer PCM of 8–32 bits, float of 32 or 64)} */
    public boolean javaDecodable() {
        return (formatTag == PCM && (bitsPerSample == 8 || bitsPerSample == 16 || bitsPerSample == 24 || bitsPerSample == 32))
                || (formatTag == IEEE_FLOAT && (bitsPerSample == 32 || bitsPerSample == 64));
    }

    /**
     * Reads and checks the header.
     *
     * @param file an open WAV file
     * @return the header
     * @throws InvalidRequestException (param {@code file}) if the header is malformed or inconsistent
     * @throws IOException             if reading fails
     */
    public static WavHeader read(FileChannel file) throws IOException {
        long size = file.size();
        ByteBuffer riff = read(file, 0, 12);
        if (riff.remaining() < 12 || riff.getInt(0) != 0x46464952 || riff.getInt(8) != 0x45564157) {
            throw bad("not a RIFF/WAVE file");
        }
        ByteBuffer fmt = null;
        long pos = 12;
        while (pos + 8 <= size) {
            ByteBuffer chunk = read(file, pos, 8);
            int id = chunk.getInt(0);
            long length = Integer.toUnsignedLong(chunk.getInt(4));
            long body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (length < 16 || length > 1024 || body + length > size) {
                    throw bad("the WAV format chunk has a bad size (" + length + " bytes)");
                }
                fmt = read(file, body, (int) length);
            } else if (id == 0x61746164) { // "data"
                if (fmt == null) {
                    throw bad("the WAV data chunk comes before its format chunk");
                }
                // 0xFFFFFFFF (and 0 from some streaming writers that never went back) = "up to the end of the file".
                long available = size - body;
                long declared = length == 0xFFFFFFFFL || length == 0 ? available : length;
                if (declared > available) {
                    throw bad("the WAV data chunk claims " + declared + " bytes but the file holds " + available);
                }
                return of(fmt, body, declared);
            }
            pos = body + length + (length & 1);
        }
        throw bad(fmt == null ? "the WAV file has no format chunk" : "the WAV file has no data chunk");
    }

    private static WavHeader of(ByteBuffer fmt, long dataOffset, long dataBytes) {
        int tag = Short.toUnsignedInt(fmt.getShort(0));
        int channels = Short.toUnsignedInt(fmt.getShort(2));
        long rate = Integer.toUnsignedLong(fmt.getInt(4));
        long byteRate = Integer.toUnsignedLong(fmt.getInt(8));
        int blockAlign = Short.toUnsignedInt(fmt.getShort(12));
        int bits = Short.toUnsignedInt(fmt.getShort(14));
        if (tag == EXTENSIBLE) {
            if (fmt.limit() < 40 || Short.toUnsignedInt(fmt.getShort(16)) < 22) {
                throw bad("the WAV extensible format chunk is too short");
            }
            int validBits = Short.toUnsignedInt(fmt.getShort(18));
            if (validBits > bits) {
                throw bad("the WAV header declares " + validBits + " valid bits in " + bits + "-bit samples");
            }
            tag = Short.toUnsignedInt(fmt.getShort(24));
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw bad("the WAV header declares " + channels + " channels (1 to " + MAX_CHANNELS + " accepted)");
        }
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw bad("the WAV header declares a sample rate of " + rate + " Hz");
        }
        if (tag == PCM || tag == IEEE_FLOAT) {
            if (bits == 0 || bits % 8 != 0 || bits > 64) {
                throw bad("the WAV header declares " + bits + "-bit samples");
            }
            if (blockAlign != channels * bits / 8) {
                throw bad("the WAV block size (" + blockAlign + ") does not match " + channels + " channels of " + bits
                        + " bits");
            }
            if (byteRate != rate * blockAlign) {
                throw bad("the WAV byte rate (" + byteRate + ") does not match the sample rate and block size");
            }
        } else if (blockAlign == 0) {
            throw bad("the WAV header declares a block size of 0");
        }
        long whole = dataBytes - dataBytes % blockAlign;
        return new WavHeader(tag, channels, (int) rate, bits, blockAlign, dataOffset, whole);
    }

    private static ByteBuffer read(FileChannel file, long pos, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && file.read(b, pos + b.position()) > 0) {
            // keep reading
        }
        return b.flip();
    }

    private static InvalidRequestException bad(String why) {
        return new InvalidRequestException("malformed WAV file: " + why, "file");
    }
}
