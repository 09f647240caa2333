package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LogitsProbe;
import dev.mlxgguf.engine.support.generation.Generation;
import dev.mlxgguf.engine.support.generation.TemplatedTextModel;
import dev.mlxgguf.template.ChatTemplates;

import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * A GGUF model served by llama.cpp: one model, one context (sequence 0), one request at a time.
 *
 * <p>Prompts: a text prompt is tokenized with BOS as the model wants and special tokens parsed; a chat is
 * rendered with the template {@link ChatTemplates#choose} picks and tokenized the same way (without a second BOS if the rendered
 * text already starts with one). The usable context is the load-time context length (or the trained
 * one), capped by what llama.cpp allocated; a prompt must leave room for at least one generated token.
 *
 * <p>{@link LogitsProbe} (verification only): raw logits and greedy arg-max continuations straight from the
 * context, bypassing the sampler chain.
 *
 * <p>Threading: every method runs native code on the calling thread, which must be a platform thread; calls
 * must not overlap. {@link #close()} frees the context then the model and is idempotent.
 */
final class GgufTextModel extends TemplatedTextModel implements LogitsProbe {

    private static final System.Logger LOG = System.getLogger(GgufTextModel.class.getName());
    private static final int MAX_BATCH = 512;
    private static final SamplingParams SAMPLING_DEFAULTS = SamplingParams.builder().repetitionPenalty(1.1).build();

    private final LlamaModelHandle model;
    private final LlamaContextHandle context;

    private GgufTextModel(LlamaModelHandle model, LlamaContextHandle context, ChatTemplates.Choice chat,
                          Generation generation, ModelInfo info) {
        super(info, chat, generation);
        this.model = model;
        this.context = context;
    }

    /**
     * Loads a model and creates its context.
     *
     * @param lib  the binding (runtime already initialised)
     * @param spec what to load
     * @return the model, owned by the caller
     * @throws ModelLoadException if the file, the context or the chat format is refused
     */
    static GgufTextModel load(LlamaLibrary lib, LoadSpec spec) {
        LlamaModelHandle model = LlamaModelHandle.load(lib, spec.model());
        LlamaContextHandle context = null;
        try {
            Optional<LoraAdapter> adapter = spec.adapter().map(a -> LoraAdapter.load(lib, model, a));
            LlamaVocab vocab = model.vocab();
            ChatTemplates.Choice renderer = ChatTemplates.choose(spec.chatFormat(), model.chatTemplate(),
                    vocab.specialText(vocab.bos()), vocab.specialText(vocab.eos()));
            int trainContext = model.trainContextLength();
            int requested = spec.contextLength() > 0 ? spec.contextLength() : trainContext;
            int batch = Math.min(MAX_BATCH, requested);
            context = LlamaContextHandle.create(lib, model, requested, batch, spec.threads(), spec.kvCacheType());
            if (adapter.isPresent()) {
                adapter.get().applyTo(lib, context);
            }
            int usable = Math.min(requested, context.size());
            String quantization = model.meta("general.file_type")
                    .map(GgufTextModel::parseFileType)
                    .map(LlamaFileTypes::name)
                    .orElseGet(() -> LlamaFileTypes.name(model.fileType()));
            ModelInfo info = new ModelInfo("gguf", model.meta("general.architecture").orElse("unknown"), usable,
                    trainContext, quantization, model.parameterCount(), model.vocab().size(),
                    model.chatTemplate().isPresent());
            LOG.log(Level.INFO, "loaded {0}: {1}, context {2}, batch {3}, {4} threads, chat template: {5}{6}",
                    model.fileName(), info, usable, batch, spec.threads(), renderer.description(),
                    adapter.map(a -> ", LoRA adapter " + a.name()).orElse(""));
            Generation loop = new Generation(new GgufDecoder(lib, context, model.vocab(), usable), spec.threads());
            return new GgufTextModel(model, context, renderer, loop, info);
        } catch (RuntimeException e) {
            if (context != null) {
                context.close();
            }
            model.close();
            throw e;
        }
    }

    /**
     * Tokenizes text without adding BOS/EOS (tests compare this with reference tokenizers).
     *
     * @param text         the text
     * @param parseSpecial whether control token texts become their ids
     * @return token ids
     */
    @Override
    public int[] tokenize(String text, boolean parseSpecial) {
        checkOpen();
        return model.vocab().tokenize(text, false, parseSpecial);
    }

    @Override
    public float[] logitsAfter(int[] promptTokens) {
        checkOpen();
        generation().computeFresh(promptTokens);
        return context.lastLogits(model.vocab().size());
    }

    @Override
    public int[] greedy(int[] promptTokens, int count) {
        checkOpen();
        generation().computeFresh(promptTokens);
        int nVocab = model.vocab().size();
        int[] out = new int[count];
        int[] one = new int[1];
        for (int i = 0; i < count; i++) {
            float[] logits = context.lastLogits(nVocab);
            int best = 0;
            for (int t = 1; t < nVocab; t++) {
                if (logits[t] > logits[best]) {
                    best = t;
                }
            }
            out[i] = best;
            if (i + 1 < count) {
                one[0] = best;
                context.decode(one, 0, 1);
            }
        }
        return out;
    }

    /** {@return the model's vocabulary (valid until close)} */
    LlamaVocab vocab() {
        checkOpen();
        return model.vocab();
    }

    /** The original server's GGUF default: repetition penalty 1.1 (llama-cpp-python's). */
    @Override
    public SamplingParams samplingDefaults() {
        return SAMPLING_DEFAULTS;
    }

    @Override
    protected void release() {
        context.close();
        model.close();
    }

    @Override
    protected int[] promptTokens(Prompt prompt) {
        LlamaVocab vocab = model.vocab();
        return switch (prompt) {
            case Prompt.Text t -> vocab.tokenize(t.text(), vocab.addsBos(), true);
            case Prompt.Chat c -> {
                String text = renderChat(c);
                boolean addBos = vocab.addsBos() && !startsWithBos(vocab, text);
                yield vocab.tokenize(text, addBos, true);
            }
        };
    }

    private static boolean startsWithBos(LlamaVocab vocab, String text) {
        int bos = vocab.bos();
        if (bos < 0 || text.isEmpty()) {
            return false;
        }
        int[] head = vocab.tokenize(text.substring(0, Math.min(text.length(), 64)), false, true);
        return head.length > 0 && head[0] == bos;
    }

    private static int parseFileType(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
