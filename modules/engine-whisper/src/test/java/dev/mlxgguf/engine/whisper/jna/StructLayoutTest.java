package dev.mlxgguf.engine.whisper.jna;

import dev.mlxgguf.ggml.layout.StructLayouts;

import com.sun.jna.Structure;

import org.junit.jupiter.api.Test;


/**
 * JNA layouts equal what gcc 12 computed with {@code offsetof}/{@code sizeof} against whisper.h of whisper.cpp 1.9.1
 * on x86-64 (values hard-coded from that run); the 1.7.6 layout is the same without {@code carry_initial_prompt}
 * (native.md §2). Re-measure on every bump of the native libraries.
 */
class StructLayoutTest {

    @Test
    void contextParams() {
        check(new WhisperContextParams(), 48,
                "use_gpu=0 flash_attn=1 gpu_device=4 dtw_token_timestamps=8 dtw_aheads_preset=12"
                + " dtw_n_top=16 dtw_aheads_n_heads=24 dtw_aheads_heads=32 dtw_mem_size=40");
    }

    @Test
    void fullParamsOf191() {
        check(new WhisperFullParams.ByValue(), 304,
                "strategy=0 n_threads=4 n_max_text_ctx=8 offset_ms=12 duration_ms=16 translate=20"
                + " no_context=21 no_timestamps=22 single_segment=23 print_special=24 print_progress=25"
                + " print_realtime=26 print_timestamps=27 token_timestamps=28 thold_pt=32 thold_ptsum=36"
                + " max_len=40 split_on_word=44 max_tokens=48 debug_mode=52 audio_ctx=56 tdrz_enable=60"
                + " suppress_regex=64 initial_prompt=72 carry_initial_prompt=80 prompt_tokens=88"
                + " prompt_n_tokens=96 language=104 detect_language=112 suppress_blank=113 suppress_nst=114"
                + " temperature=116 max_initial_ts=120 length_penalty=124 temperature_inc=128"
                + " entropy_thold=132 logprob_thold=136 no_speech_thold=140 greedy_best_of=144"
                + " beam_search_beam_size=148 beam_search_patience=152 new_segment_callback=160"
                + " new_segment_callback_user_data=168 progress_callback=176"
                + " progress_callback_user_data=184 encoder_begin_callback=192"
                + " encoder_begin_callback_user_data=200 abort_callback=208 abort_callback_user_data=216"
                + " logits_filter_callback=224 logits_filter_callback_user_data=232 grammar_rules=240"
                + " n_grammar_rules=248 i_start_rule=256 grammar_penalty=264 vad=268 vad_model_path=272"
                + " vad_threshold=280 vad_samples_overlap=300");
    }

    @Test
    void fullParamsOf176() {
        check(new WhisperFullParams.V1_7ByValue(), 296,
                "strategy=0 tdrz_enable=60 suppress_regex=64 initial_prompt=72 prompt_tokens=80"
                + " prompt_n_tokens=88 language=96 detect_language=104 temperature=108 temperature_inc=120"
                + " greedy_best_of=136 new_segment_callback=152 abort_callback=200"
                + " abort_callback_user_data=208 grammar_rules=232 vad=260 vad_model_path=264"
                + " vad_threshold=272 vad_samples_overlap=292");
    }

    @Test
    void tokenData() {
        check(new WhisperTokenData(), 56,
                "id=0 tid=4 p=8 plog=12 pt=16 ptsum=20 t0=24 t1=32 t_dtw=40 vlen=48");
    }

    private static void check(Structure s, int size, String offsets) {
        StructLayouts.check(s, size, offsets, false);
    }
}
