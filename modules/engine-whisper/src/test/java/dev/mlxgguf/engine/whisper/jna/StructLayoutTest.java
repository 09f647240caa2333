package dev.mlxgguf.engine.whisper.jna;

import com.sun.jna.Structure;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/**
 * JNA layouts equal what gcc 12 computed with {@code offsetof}/{@code sizeof} against whisper.h of whisper.cpp 1.9.1
 * on x86-64 (values hard-coded from that run); the 1.7.6 layout is the same without {@code carry_initial_prompt}
 * (native.md §2). Re-measure on every bump of the native libraries.
 */
class StructLayoutTest {

    @Test
    void contextParams() {
        check(new WhisperContextParams(), 48, Map.of("use_gpu", 0, "flash_attn", 1, "gpu_device", 4,
                "dtw_token_timestamps", 8, "dtw_aheads_preset", 12, "dtw_n_top", 16, "dtw_aheads_n_heads", 24,
                "dtw_aheads_heads", 32, "dtw_mem_size", 40));
    }

    @Test
    void fullParamsOf191() {
        check(new WhisperFullParams.ByValue(), 304, Map.ofEntries(
                Map.entry("strategy", 0), Map.entry("n_threads", 4), Map.entry("n_max_text_ctx", 8),
                Map.entry("offset_ms", 12), Map.entry("duration_ms", 16), Map.entry("translate", 20),
                Map.entry("no_context", 21), Map.entry("no_timestamps", 22), Map.entry("single_segment", 23),
                Map.entry("print_special", 24), Map.entry("print_progress", 25), Map.entry("print_realtime", 26),
                Map.entry("print_timestamps", 27), Map.entry("token_timestamps", 28), Map.entry("thold_pt", 32),
                Map.entry("thold_ptsum", 36), Map.entry("max_len", 40), Map.entry("split_on_word", 44),
                Map.entry("max_tokens", 48), Map.entry("debug_mode", 52), Map.entry("audio_ctx", 56),
                Map.entry("tdrz_enable", 60), Map.entry("suppress_regex", 64), Map.entry("initial_prompt", 72),
                Map.entry("carry_initial_prompt", 80), Map.entry("prompt_tokens", 88), Map.entry("prompt_n_tokens", 96),
                Map.entry("language", 104), Map.entry("detect_language", 112), Map.entry("suppress_blank", 113),
                Map.entry("suppress_nst", 114), Map.entry("temperature", 116), Map.entry("max_initial_ts", 120),
                Map.entry("length_penalty", 124), Map.entry("temperature_inc", 128), Map.entry("entropy_thold", 132),
                Map.entry("logprob_thold", 136), Map.entry("no_speech_thold", 140), Map.entry("greedy_best_of", 144),
                Map.entry("beam_search_beam_size", 148), Map.entry("beam_search_patience", 152),
                Map.entry("new_segment_callback", 160), Map.entry("new_segment_callback_user_data", 168),
                Map.entry("progress_callback", 176), Map.entry("progress_callback_user_data", 184),
                Map.entry("encoder_begin_callback", 192), Map.entry("encoder_begin_callback_user_data", 200),
                Map.entry("abort_callback", 208), Map.entry("abort_callback_user_data", 216),
                Map.entry("logits_filter_callback", 224), Map.entry("logits_filter_callback_user_data", 232),
                Map.entry("grammar_rules", 240), Map.entry("n_grammar_rules", 248), Map.entry("i_start_rule", 256),
                Map.entry("grammar_penalty", 264), Map.entry("vad", 268), Map.entry("vad_model_path", 272),
                Map.entry("vad_threshold", 280), Map.entry("vad_samples_overlap", 300)));
    }

    @Test
    void fullParamsOf176() {
        check(new WhisperFullParams.V1_7ByValue(), 296, Map.ofEntries(
                Map.entry("strategy", 0), Map.entry("tdrz_enable", 60), Map.entry("suppress_regex", 64),
                Map.entry("initial_prompt", 72), Map.entry("prompt_tokens", 80), Map.entry("prompt_n_tokens", 88),
                Map.entry("language", 96), Map.entry("detect_language", 104), Map.entry("temperature", 108),
                Map.entry("temperature_inc", 120), Map.entry("greedy_best_of", 136),
                Map.entry("new_segment_callback", 152), Map.entry("abort_callback", 200),
                Map.entry("abort_callback_user_data", 208), Map.entry("grammar_rules", 232), Map.entry("vad", 260),
                Map.entry("vad_model_path", 264), Map.entry("vad_threshold", 272), Map.entry("vad_samples_overlap", 292)));
    }

    @Test
    void tokenData() {
        check(new WhisperTokenData(), 56, Map.of("id", 0, "tid", 4, "p", 8, "plog", 12, "pt", 16, "ptsum", 20, "t0", 24,
                "t1", 32, "t_dtw", 40, "vlen", 48));
    }

    private static void check(Structure s, int size, Map<String, Integer> offsets) {
        assertThat(s.getClass().getSimpleName() + " size", s.size(), is(size));
        offsets.forEach((field, offset) -> assertThat(field, offset(s, field), is(offset)));
    }

    /** Reaches JNA's protected {@code fieldOffset}. */
    private static int offset(Structure s, String field) {
        try {
            var m = Structure.class.getDeclaredMethod("fieldOffset", String.class);
            m.setAccessible(true);
            return (int) m.invoke(s, field);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
