package dev.mlxgguf.testkit.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes WAV files in every PCM and float encoding, plain ({@code WAVE_FORMAT_PCM} / {@code _IEEE_FLOAT}) or
 * {@code WAVE_FORMAT_EXTENSIBLE}, mono or stereo. A {@code LIST} chunk precedes the data, as many tools write
 * one, so readers must walk the chunks. Stereo files carry {@code 1.2 x} left and {@code 0.8 x} right, whose
 * average is the mono signal {@code x}.
 */
public final class WavWriter {

    private static final byte[] GUID_TAIL = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA,
        0x00, 0x38, (byte) 0x9B, 0x71};

    private WavWriter() {
    }

    /**
     * Writes a WAV file.
     *
     * @param file        target (replaced)
     * @param mono        samples in [-1, 1] (integer encodings clamp)
     * @param sampleRate  sample rate
     * @param channels    1 or 2
     * @param encoding    sample encoding
     * @param extensible  whether to use {@code WAVE_FORMAT_EXTENSIBLE}
     * @return {@code file}
     */
    public static Path write(Path file, float[] mono, int sampleRate, int channels, WavEncoding encoding,
                             boolean extensible) {
        int bytesPerSample = encoding.bits() / 8;
        int blockAlign = bytesPerSample * channels;
        int dataBytes = mono.length * blockAlign;
        int fmtBytes = extensible ? 40 : 16;
        byte[] list = "INFOISFT\u0008\u0000\u0000\u0000testkit\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtBytes + 8 + list.length + 8 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(b.capacity() - 8).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(fmtBytes)
                .putShort((short) (extensible ? 0xFFFE : encoding.formatTag())).putShort((short) channels)
                .putInt(sampleRate).putInt(sampleRate * blockAlign).putShort((short) blockAlign)
                .putShort((short) encoding.bits());
        if (extensible) {
            b.putShort((short) 22).putShort((short) encoding.bits()).putInt(channels == 1 ? 0x4 : 0x3)
                    .putShort((short) encoding.formatTag()).put(GUID_TAIL);
        }
        b.put("LIST".getBytes()).putInt(list.length).put(list);
        b.put("data".getBytes()).putInt(dataBytes);
        for (float x : mono) {
            for (int c = 0; c < channels; c++) {
                double v = channels == 1 ? x : x * (c == 0 ? 1.2 : 0.8);
                putSample(b, encoding, v);
            }
        }
        try {
            return Files.write(file, b.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putSample(ByteBuffer b, WavEncoding encoding, double v) {
        double c = Math.max(-1, Math.min(1, v));
        switch (encoding) {
            case PCM_U8 -> b.put((byte) Math.max(0, Math.min(255, Math.round(c * 128 + 128))));
            case PCM_S16 -> b.putShort((short) Math.max(-32768, Math.min(32767, Math.round(c * 32768))));
            case PCM_S24 -> {
                int s = (int) Math.max(-8388608, Math.min(8388607, Math.round(c * 8388608)));
                b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
            }
            case PCM_S32 -> b.putInt((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(c * 2147483648.0))));
            case FLOAT32 -> b.putFloat((float) v);
            case FLOAT64 -> b.putDouble(v);
        }
    }
}
