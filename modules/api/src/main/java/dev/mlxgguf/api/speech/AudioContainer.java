package dev.mlxgguf.api.speech;

import java.util.Optional;

/**
 * The audio containers accepted for transcription, recognised by their leading bytes. Anything else
 * (text, images, playlists such as {@code .m3u8} or ffmpeg {@code concat} scripts) is not audio and is
 * refused before any decoder sees it, whatever the upload's name says.
 */
public enum AudioContainer {
    /** RIFF/WAVE. PCM and IEEE-float data are decoded in Java; other WAV codecs by ffmpeg. */
    WAV,
    /** MPEG audio (layer 1–3), with or without an ID3v2 tag. */
    MP3,
    /** AAC in ADTS frames. */
    AAC,
    /** ISO base media (MP4 / M4A / MOV / 3GP). */
    MP4,
    /** Ogg (Vorbis, Opus, FLAC-in-Ogg). */
    OGG,
    /** Native FLAC. */
    FLAC,
    /** Matroska / WebM. */
    MATROSKA;

    /** Bytes {@link #sniff} needs at most. */
    public static final int HEAD_BYTES = 12;

    /**
     * Recognises a container from the first bytes of a file.
     *
     * @param head the file's first bytes ({@link #HEAD_BYTES} or fewer if the file is shorter)
     * @return the container, or empty if the bytes are not a supported audio container
     */
    public static Optional<AudioContainer> sniff(byte[] head) {
        if (starts(head, "RIFF") && at(head, 8, "WAVE")) {
            return Optional.of(WAV);
        }
        if (starts(head, "ID3")) {
            return Optional.of(MP3);
        }
        if (at(head, 4, "ftyp")) {
            return Optional.of(MP4);
        }
        if (starts(head, "OggS")) {
            return Optional.of(OGG);
        }
        if (starts(head, "fLaC")) {
            return Optional.of(FLAC);
        }
        if (head.length >= 4 && (head[0] & 0xFF) == 0x1A && (head[1] & 0xFF) == 0x45 && (head[2] & 0xFF) == 0xDF
                && (head[3] & 0xFF) == 0xA3) {
            return Optional.of(MATROSKA);
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0) {
            // Frame sync. Layer bits 00 mean AAC ADTS; 01-11 are MPEG audio layers 3..1.
            int layer = (head[1] >> 1) & 0x3;
            return Optional.of(layer == 0 ? AAC : MP3);
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] head, String magic) {
        return at(head, 0, magic);
    }

    private static boolean at(byte[] head, int offset, String magic) {
        if (head.length < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if (head[offset + i] != (byte) magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
