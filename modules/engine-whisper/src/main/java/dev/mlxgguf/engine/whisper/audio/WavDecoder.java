package dev.mlxgguf.engine.whisper.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Decodes the data chunk of a PCM or float WAV file ({@link WavHeader#javaDecodable()}) to mono float samples at the
 * file's own rate: integers are scaled to [-1, 1) (8-bit is unsigned with a 128 offset), channels are averaged.
 * Reads the file in blocks; memory is the output array plus one block.
 */
final class WavDecoder {

    private static final int BLOCK = 1 << 16;

    private WavDecoder() {
    }

    /**
     * Decodes every frame.
     *
     * @param file   the open file
     * @param header its checked header
     * @return mono samples, one per frame
     * @throws IOException if reading fails
     */
    static float[] decode(FileChannel file, WavHeader header) throws IOException {
        int frames = Math.toIntExact(header.frames());
        float[] out = new float[frames];
        int frameBytes = header.blockAlign();
        int bytesPerSample = header.bitsPerSample() / 8;
        int channels = header.channels();
        ByteBuffer block = ByteBuffer.allocate(BLOCK - BLOCK % frameBytes).order(ByteOrder.LITTLE_ENDIAN);
        long pos = header.dataOffset();
        int frame = 0;
        while (frame < frames) {
            block.clear();
            int want = (int) Math.min(block.capacity(), (long) (frames - frame) * frameBytes);
            block.limit(want);
            while (block.hasRemaining()) {
                if (file.read(block, pos + block.position()) < 0) {
                    throw new IOException("WAV data ended early");
                }
            }
            pos += want;
            block.flip();
            for (int f = 0; f < want / frameBytes; f++, frame++) {
                double sum = 0;
                int base = f * frameBytes;
                for (int c = 0; c < channels; c++) {
                    sum += sample(block, base + c * bytesPerSample, header);
                }
                out[frame] = (float) (sum / channels);
            }
        }
        return out;
    }

    private static double sample(ByteBuffer b, int at, WavHeader h) {
        if (h.formatTag() == WavHeader.IEEE_FLOAT) {
            return h.bitsPerSample() == 32 ? b.getFloat(at) : b.getDouble(at);
        }
        return switch (h.bitsPerSample()) {
            case 8 -> ((b.get(at) & 0xFF) - 128) / 128.0;
            case 16 -> b.getShort(at) / 32768.0;
            case 24 -> ((b.get(at) & 0xFF) | (b.get(at + 1) & 0xFF) << 8 | b.get(at + 2) << 16) / 8388608.0;
            default -> b.getInt(at) / 2147483648.0;
        };
    }
}
