package dev.mlxgguf.engine.whisper;

import dev.mlxgguf.api.speech.TranscriptionSegment;
import dev.mlxgguf.api.speech.TranscriptionWord;
import dev.mlxgguf.engine.whisper.jna.WhisperLibrary;
import dev.mlxgguf.engine.whisper.jna.WhisperTokenData;
import dev.mlxgguf.ggml.CStrings;

import com.sun.jna.Pointer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Reads finished segments and their tokens out of a {@code whisper_state} into records. Times come in 10 ms
 * units and are clamped to the audio (whisper pads its last 30 s window, so raw times can pass the end).
 * Text tokens are those below the end-of-text id; special and timestamp tokens are left out of
 * {@code tokens}, the log-probability average and the words.
 *
 * <p>Used on the transcribing thread only, while the state is alive.
 */
final class SegmentReader {

    private final WhisperLibrary whisper;
    private final Pointer ctx;
    private final Pointer state;
    private final int eot;
    private final double duration;
    private boolean noSpeechProbAvailable = true;

    SegmentReader(WhisperLibrary whisper, Pointer ctx, Pointer state, double duration) {
        this.whisper = whisper;
        this.ctx = ctx;
        this.state = state;
        this.eot = whisper.whisper_token_eot(ctx);
        this.duration = duration;
    }

    /** {@return the number of finished segments in the state} */
    int count() {
        return whisper.whisper_full_n_segments_from_state(state);
    }

    /**
     * Reads one segment.
     *
     * @param i           segment index
     * @param temperature temperature to report for it
     * @return the segment
     */
    TranscriptionSegment segment(int i, double temperature) {
        double start = clamp(whisper.whisper_full_get_segment_t0_from_state(state, i) / 100.0);
        double end = Math.max(start, clamp(whisper.whisper_full_get_segment_t1_from_state(state, i) / 100.0));
        String text = CStrings.readOrEmpty(whisper.whisper_full_get_segment_text_from_state(state, i));
        List<Integer> tokens = new ArrayList<>();
        double logprob = 0;
        int n = whisper.whisper_full_n_tokens_from_state(state, i);
        for (int j = 0; j < n; j++) {
            WhisperTokenData d = whisper.whisper_full_get_token_data_from_state(state, i, j);
            if (d.id >= 0 && d.id < eot) {
                tokens.add(d.id);
                logprob += Float.isFinite(d.plog) ? d.plog : -100;
            }
        }
        double avg = tokens.isEmpty() ? 0 : logprob / tokens.size();
        return new TranscriptionSegment(i, (int) Math.round(start * 100), start, end, text, tokens, temperature, avg,
                compressionRatio(text), noSpeechProb(i));
    }

    /**
     * Groups a segment's text tokens into words: a token whose text starts with a space starts a word. Needs
     * token timestamps ({@code token_timestamps} on).
     *
     * @param i       segment index
     * @param segment the segment as read by {@link #segment}, whose span bounds the words
     * @return the words in order
     */
    List<TranscriptionWord> words(int i, TranscriptionSegment segment) {
        List<TranscriptionWord> words = new ArrayList<>();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        double wordStart = 0;
        double wordEnd = 0;
        int n = whisper.whisper_full_n_tokens_from_state(state, i);
        for (int j = 0; j < n; j++) {
            WhisperTokenData d = whisper.whisper_full_get_token_data_from_state(state, i, j);
            if (d.id < 0 || d.id >= eot) {
                continue;
            }
            byte[] piece = CStrings.bytes(whisper.whisper_token_to_str(ctx, d.id));
            double t0 = within(d.t0 / 100.0, segment);
            double t1 = Math.max(t0, within(d.t1 / 100.0, segment));
            if (text.size() > 0 && piece.length > 0 && piece[0] == ' ') {
                add(words, text, wordStart, wordEnd);
                text.reset();
            }
            if (text.size() == 0) {
                wordStart = t0;
            }
            text.writeBytes(piece);
            wordEnd = Math.max(wordStart, t1);
        }
        add(words, text, wordStart, wordEnd);
        return words;
    }

    private static void add(List<TranscriptionWord> words, ByteArrayOutputStream text, double start, double end) {
        String w = text.toString(StandardCharsets.UTF_8).strip();
        if (!w.isEmpty()) {
            words.add(new TranscriptionWord(w, start, Math.max(start, end)));
        }
    }

    private double noSpeechProb(int i) {
        if (noSpeechProbAvailable) {
            try {
                float p = whisper.whisper_full_get_segment_no_speech_prob_from_state(state, i);
                return Float.isFinite(p) ? Math.max(0, Math.min(1, p)) : 0;
            } catch (UnsatisfiedLinkError e) {
                noSpeechProbAvailable = false; // older whisper.cpp builds
            }
        }
        return 0;
    }

    private double clamp(double seconds) {
        return Math.max(0, Math.min(duration, seconds));
    }

    private static double within(double seconds, TranscriptionSegment s) {
        return Math.max(s.start(), Math.min(s.end(), seconds));
    }

    /**
     * OpenAI's compression ratio: UTF-8 length over zlib-compressed length (0 for empty text). High values mean
     * repetitive text, a sign of a decoding loop.
     *
     * @param text the text
     * @return the ratio
     */
    static double compressionRatio(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0) {
            return 0;
        }
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(bytes);
            deflater.finish();
            byte[] buf = new byte[bytes.length + 64];
            int size = 0;
            while (!deflater.finished()) {
                size += deflater.deflate(buf);
            }
            return (double) bytes.length / size;
        } finally {
            deflater.end();
        }
    }
}
