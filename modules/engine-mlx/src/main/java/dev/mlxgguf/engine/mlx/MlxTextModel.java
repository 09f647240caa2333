package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.ModelInfo;
import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.api.Prompt;
import dev.mlxgguf.engine.mlx.config.ArchConfig;
import dev.mlxgguf.engine.mlx.config.ForwardSpec;
import dev.mlxgguf.engine.mlx.lora.AdapterLoader;
import dev.mlxgguf.engine.mlx.model.ModelWeights;
import dev.mlxgguf.engine.mlx.model.QuantConfig;
import dev.mlxgguf.engine.mlx.model.Transformer;
import dev.mlxgguf.engine.mlx.safetensors.TensorStore;
import dev.mlxgguf.engine.mlx.tensor.ComputePool;
import dev.mlxgguf.engine.mlx.tokenizer.Tokenizer;
import dev.mlxgguf.engine.mlx.tokenizer.TokenizerLoader;
import dev.mlxgguf.engine.spi.LoadSpec;
import dev.mlxgguf.engine.spi.LogitsProbe;
import dev.mlxgguf.engine.support.generation.Generation;
import dev.mlxgguf.engine.support.generation.TemplatedTextModel;
import dev.mlxgguf.template.ChatTemplates;

import java.lang.System.Logger.Level;
import java.util.Set;

/**
 * An MLX model folder served in pure Java: one model, one KV cache, one request at a time.
 *
 * <p>Prompts: a text prompt is encoded with special tokens parsed and BOS added as the tokenizer's
 * post-processor says (unless the text starts with the BOS text, as mlx_lm does); a chat is rendered with the
 * template {@link ChatTemplates#choose} picks and encoded without adding special tokens (the template emits them). The usable
 * context is the load-time length, else the model's {@code max_position_embeddings}; a prompt must leave
 * room for one generated token.
 *
 * <p>Threading: every method must be called from one thread at a time (the host's model thread); products
 * fan out to this model's {@link ComputePool}. {@link #close()} stops the pool and unmaps the weights; it
 * is idempotent.
 */
final class MlxTextModel extends TemplatedTextModel implements LogitsProbe {

    private static final System.Logger LOG = System.getLogger(MlxTextModel.class.getName());

    private final TensorStore store;
    private final Tokenizer tokenizer;
    private final ComputePool pool;
    private final MlxDecoder decoder;

    private MlxTextModel(TensorStore store, Tokenizer tokenizer, ChatTemplates.Choice chat, ComputePool pool,
                         MlxDecoder decoder, ModelInfo info, int threads) {
        super(info, chat, new Generation(decoder, threads));
        this.store = store;
        this.tokenizer = tokenizer;
        this.pool = pool;
        this.decoder = decoder;
    }

    /**
     * Loads a folder (and an adapter, if the spec names one).
     *
     * @param spec what to load
     * @return the model, owned by the caller
     * @throws ModelLoadException with a client-safe reason
     */
    static MlxTextModel load(LoadSpec spec) {
        long start = System.nanoTime();
        ModelFolder folder = ModelFolder.open(spec.model());
        ArchConfig arch = ArchConfig.read(folder.config());
        ForwardSpec fs = arch.forwardSpec();
        QuantConfig quant = QuantConfig.read(folder.config());
        Tokenizer tokenizer = TokenizerLoader.load(spec.model(), folder.tokenizerConfig());
        if (tokenizer.size() > fs.shape().vocab()) {
            throw new ModelLoadException("the tokenizer has " + tokenizer.size() + " tokens but the model only "
                    + fs.shape().vocab());
        }
        ChatTemplates.Choice chat = ChatTemplates.choose(spec.chatFormat(),
                ModelTemplate.find(spec.model(), folder.tokenizerConfig()), tokenizer.bosToken().orElse(null),
                tokenizer.eosToken().orElse(null));
        TensorStore store = TensorStore.openModel(spec.model());
        try {
            ModelWeights weights = ModelWeights.load(store, fs, quant);
            String adapter = "";
            if (spec.adapter().isPresent()) {
                AdapterLoader.Applied a = AdapterLoader.apply(spec.adapter().get(), weights);
                adapter = ", adapter " + spec.adapter().get().getFileName() + " (" + a + ")";
            }
            int context = spec.contextLength() > 0 ? spec.contextLength() : fs.shape().maxPositions();
            Set<Integer> eos = folder.eosIds(tokenizer);
            ComputePool pool = new ComputePool();
            Transformer transformer = new Transformer(weights, context);
            MlxDecoder decoder = new MlxDecoder(transformer, tokenizer, eos, pool, context);
            String quantization = quant.describe().isEmpty() ? weights.embedding().format() : quant.describe();
            ModelInfo info = new ModelInfo("mlx", arch.modelType(), context, fs.shape().maxPositions(), quantization,
                    weights.parameterCount(), fs.shape().vocab(), chat.modelTemplate());
            warmUp(decoder, spec.threads(), Math.min(context, 64));
            LOG.log(Level.INFO, "loaded {0}: {1}, {2} MB of weights per token, eos {3}, chat template: {4}{5}, {6} ms",
                    spec.model().getFileName(), info, weights.bytesPerToken() >> 20, eos, chat.description(), adapter,
                    (System.nanoTime() - start) / 1_000_000);
            return new MlxTextModel(store, tokenizer, chat, pool, decoder, info, spec.threads());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /**
     * Runs a short prompt and a few decode steps so that the JIT compiles the kernels before the first request
     * (Vector API code is many times slower until C2 has compiled it). The cache contents are discarded.
     */
    private static void warmUp(MlxDecoder decoder, int threads, int tokens) {
        int[] prompt = new int[Math.max(1, tokens / 2)];
        decoder.threads(threads);
        decoder.prefill(prompt, 0, prompt.length, true);
        for (int i = prompt.length; i < tokens; i++) {
            decoder.decode(0, i);
        }
    }

    @Override
    protected int[] promptTokens(Prompt prompt) {
        return switch (prompt) {
            case Prompt.Text t -> tokenizer.encodePrompt(t.text());
            case Prompt.Chat c -> tokenizer.encode(renderChat(c), true);
        };
    }

    /** {@return the tokenizer (tests)} */
    Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int[] tokenize(String text, boolean parseSpecial) {
        checkOpen();
        return tokenizer.encode(text, parseSpecial);
    }

    @Override
    public float[] logitsAfter(int[] promptTokens) {
        checkOpen();
        checkProbe(promptTokens, 0);
        return prefillFresh(promptTokens);
    }

    @Override
    public int[] greedy(int[] promptTokens, int count) {
        checkOpen();
        checkProbe(promptTokens, count);
        float[] logits = prefillFresh(promptTokens);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = Sampler.argmax(logits);
            if (i + 1 < count) {
                decoder.decode(out[i], promptTokens.length + i);
                logits = decoder.logits();
            }
        }
        return out;
    }

    private float[] prefillFresh(int[] prompt) {
        generation().computeFresh(prompt);
        return decoder.logits();
    }

    private void checkProbe(int[] prompt, int count) {
        int context = info().contextLength();
        if (prompt.length == 0 || prompt.length + count > context) {
            throw new IllegalArgumentException("prompt of " + prompt.length + " tokens plus " + count
                    + " for a context of " + context);
        }
    }

    @Override
    protected void release() {
        pool.close();
        store.close();
    }
}
