package dev.mlxgguf.engine.whisper.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

import java.lang.reflect.Field;
import java.util.List;

/**
 * {@code struct whisper_full_params} as whisper.cpp 1.9.1 lays it out (304 bytes on 64-bit). whisper.cpp
 * 1.7.6 lacks {@code carry_initial_prompt} (296 bytes, every later field 8 bytes earlier): use
 * {@link V1_7ByValue} there. The nested {@code greedy}, {@code beam_search} and {@code vad_params} structs are
 * flattened. Callback fields are typed, so JNA passes the Java callbacks' native stubs; the owner keeps the
 * callback objects strongly reachable while native code may call them.
 *
 * <p>JNA caches a layout per class, so each version has its own class and both can be checked in one JVM.
 */
@Structure.FieldOrder({"strategy", "n_threads", "n_max_text_ctx", "offset_ms", "duration_ms", "translate", "no_context",
        "no_timestamps", "single_segment", "print_special", "print_progress", "print_realtime", "print_timestamps",
        "token_timestamps", "thold_pt", "thold_ptsum", "max_len", "split_on_word", "max_tokens", "debug_mode",
        "audio_ctx", "tdrz_enable", "suppress_regex", "initial_prompt", "carry_initial_prompt", "prompt_tokens",
        "prompt_n_tokens", "language", "detect_language", "suppress_blank", "suppress_nst", "temperature",
        "max_initial_ts", "length_penalty", "temperature_inc", "entropy_thold", "logprob_thold", "no_speech_thold",
        "greedy_best_of", "beam_search_beam_size", "beam_search_patience", "new_segment_callback",
        "new_segment_callback_user_data", "progress_callback", "progress_callback_user_data", "encoder_begin_callback",
        "encoder_begin_callback_user_data", "abort_callback", "abort_callback_user_data", "logits_filter_callback",
        "logits_filter_callback_user_data", "grammar_rules", "n_grammar_rules", "i_start_rule", "grammar_penalty", "vad",
        "vad_model_path", "vad_threshold", "vad_min_speech_duration_ms", "vad_min_silence_duration_ms",
        "vad_max_speech_duration_s", "vad_speech_pad_ms", "vad_samples_overlap"})
public class WhisperFullParams extends Structure {
    public int strategy;
    public int n_threads;
    public int n_max_text_ctx;
    public int offset_ms;
    public int duration_ms;
    public byte translate;
    public byte no_context;
    public byte no_timestamps;
    public byte single_segment;
    public byte print_special;
    public byte print_progress;
    public byte print_realtime;
    public byte print_timestamps;
    public byte token_timestamps;
    public float thold_pt;
    public float thold_ptsum;
    public int max_len;
    public byte split_on_word;
    public int max_tokens;
    public byte debug_mode;
    public int audio_ctx;
    public byte tdrz_enable;
    public Pointer suppress_regex;
    public Pointer initial_prompt;
    /** 1.9.1 only. */
    public byte carry_initial_prompt;
    public Pointer prompt_tokens;
    public int prompt_n_tokens;
    public Pointer language;
    public byte detect_language;
    public byte suppress_blank;
    public byte suppress_nst;
    public float temperature;
    public float max_initial_ts;
    public float length_penalty;
    public float temperature_inc;
    public float entropy_thold;
    public float logprob_thold;
    public float no_speech_thold;
    public int greedy_best_of;
    public int beam_search_beam_size;
    public float beam_search_patience;
    public WhisperNewSegmentCallback new_segment_callback;
    public Pointer new_segment_callback_user_data;
    public Pointer progress_callback;
    public Pointer progress_callback_user_data;
    public Pointer encoder_begin_callback;
    public Pointer encoder_begin_callback_user_data;
    public GgmlAbortCallback abort_callback;
    public Pointer abort_callback_user_data;
    public Pointer logits_filter_callback;
    public Pointer logits_filter_callback_user_data;
    public Pointer grammar_rules;
    /** {@code size_t}. */
    public long n_grammar_rules;
    /** {@code size_t}. */
    public long i_start_rule;
    public float grammar_penalty;
    public byte vad;
    public Pointer vad_model_path;
    public float vad_threshold;
    public int vad_min_speech_duration_ms;
    public int vad_min_silence_duration_ms;
    public float vad_max_speech_duration_s;
    public int vad_speech_pad_ms;
    public float vad_samples_overlap;

    /** An empty structure in its own memory. */
    public WhisperFullParams() {
    }

    /**
     * A view of native memory, read at once (e.g. what {@code whisper_full_default_params_by_ref} returned).
     *
     * @param p the structure's address
     */
    public WhisperFullParams(Pointer p) {
        super(p);
        read();
    }

    /** The 1.9.1 layout, passed by value. */
    public static class ByValue extends WhisperFullParams implements Structure.ByValue {
        /** An empty structure. */
        public ByValue() {
        }

        /** @param p native memory holding a 1.9.1 structure */
        public ByValue(Pointer p) {
            super(p);
        }
    }

    /** The 1.7.6 layout (no {@code carry_initial_prompt}), passed by value. */
    public static class V1_7ByValue extends ByValue {
        /** An empty structure. */
        public V1_7ByValue() {
        }

        /** @param p native memory holding a 1.7.6 structure */
        public V1_7ByValue(Pointer p) {
            super(p);
        }

        @Override
        protected List<String> getFieldOrder() {
            return super.getFieldOrder().stream().filter(f -> !f.equals("carry_initial_prompt")).toList();
        }

        @Override
        protected List<Field> getFieldList() {
            return super.getFieldList().stream().filter(f -> !f.getName().equals("carry_initial_prompt")).toList();
        }
    }
}
