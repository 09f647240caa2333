package dev.mlxgguf.engine.gguf;

import dev.mlxgguf.api.KvCacheType;
import dev.mlxgguf.api.SamplingParams;
import dev.mlxgguf.engine.gguf.jna.LlamaLibrary;
import dev.mlxgguf.grammar.Gbnf;
import dev.mlxgguf.grammar.TokenMatcher;
import dev.mlxgguf.grammar.Vocabulary;
import dev.mlxgguf.testkit.BenchModels;
import dev.mlxgguf.testkit.BenchShape;
import dev.mlxgguf.testkit.GgmlType;

import com.sun.jna.Pointer;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How to constrain GGUF generation, measured: the same GBNF grammar (an array of strings, open or bounded to 2000
 * characters) on the Qwen2.5-0.5B shape (Q4_0, random weights, 151,936 tokens), greedy, 128 tokens, decoded with (a) no grammar, (b) llama.cpp's own
 * grammar sampler in the chain, (c) the project's matcher masking llama.cpp's logits. Logs the time per token
 * of each; asserts only that both constrained texts follow the grammar. A benchmark: run with
 * {@code -Dsurefire.excludedGroups= -Dgroups=bench -Dtest=GrammarSamplerBench}.
 */
@Tag("bench")
class GrammarSamplerBench {

    private static final int TOKENS = 128;

    @TempDir
    Path dir;

    @Test
    void llamaCppGrammarSamplerAgainstTheProjectsMatcher() {
        Path file = BenchModels.gguf(dir.resolve("q.gguf"), BenchShape.QWEN2_5_0_5B, GgmlType.Q4_0);
        // greedy decoding on random weights stays inside a string: the open one, and one bounded to 2000 characters
        String open = "root ::= \"[\" item (\",\" item)* \"]\"\nitem ::= \"\\\"\" [^\"\\\\\\x00-\\x1F]* \"\\\"\"\n";
        String bounded = open.replace("]* ", "]{0,2000} ");
        LlamaLibrary lib = LlamaRuntime.get().llama();
        try (LlamaModelHandle model = LlamaModelHandle.load(lib, file)) {
            LlamaVocab vocab = model.vocab();
            int n = vocab.size();
            long v0 = System.nanoTime();
            byte[][] pieces = new byte[n][];
            for (int t = 0; t < n; t++) {
                pieces[t] = vocab.piece(t);
            }
            Vocabulary ours = new Vocabulary(pieces, IntStream.range(0, n).filter(vocab::isEndOfGeneration).toArray());
            System.out.printf("vocabulary and trie for %d tokens: %.0f ms%n", n, (System.nanoTime() - v0) / 1e6);
            for (int round = 0; round < 3; round++) {
                for (String gbnf : new String[] {open, bounded}) {
                    String name = gbnf == open ? "open string" : "string{0,2000}";
                    double free = run(lib, model, vocab, null, null, "none", gbnf);
                    double native_ = run(lib, model, vocab, gbnf, null, "llama.cpp grammar sampler", gbnf);
                    double mine = run(lib, model, vocab, null, new TokenMatcher(Gbnf.parse(gbnf), ours), "project matcher", gbnf);
                    System.out.printf("round %d, %s: ms/token none %.1f, llama.cpp grammar %.1f (x%.2f), project matcher %.1f (x%.2f)%n",
                            round, name, free, native_, native_ / free, mine, mine / free);
                }
            }
        }
    }

    /** Decodes up to {@link #TOKENS} greedy tokens; returns milliseconds per token. */
    private static double run(LlamaLibrary lib, LlamaModelHandle model, LlamaVocab vocab, String gbnf, TokenMatcher matcher,
                              String what, String grammar) {
        try (LlamaContextHandle ctx = LlamaContextHandle.create(lib, model, 1024, 512, 2, KvCacheType.F16);
             SamplerChain chain = SamplerChain.build(lib, SamplingParams.builder().temperature(0).build(), vocab.size(), 1)) {
            Pointer grammarChain = null;
            if (gbnf != null) {
                grammarChain = lib.llama_sampler_chain_init(lib.llama_sampler_chain_default_params());
                lib.llama_sampler_chain_add(grammarChain, lib.llama_sampler_init_grammar(
                        lib.llama_model_get_vocab(model.pointer()), gbnf, "root"));
                lib.llama_sampler_chain_add(grammarChain, lib.llama_sampler_init_greedy());
            }
            int[] prompt = vocab.tokenize("Write a JSON object about the weather.", true, true);
            ctx.decode(prompt, 0, prompt.length);
            StringBuilder text = new StringBuilder();
            long start = System.nanoTime();
            long choosing = 0; // time spent choosing tokens (grammar work, masking, sampling), not decoding
            int made = 0;
            try {
                for (; made < TOKENS; made++) {
                    int token;
                    long c0 = System.nanoTime();
                    if (grammarChain != null) {
                        token = lib.llama_sampler_sample(grammarChain, ctx.pointer(), -1);
                    } else {
                        if (matcher != null) {
                            ctx.maskLogits(matcher.allowed(), vocab.size());
                        }
                        token = chain.sample(ctx);
                        if (matcher != null && !vocab.isEndOfGeneration(token)) {
                            assertTrue(matcher.accept(vocab.piece(token)));
                        }
                    }
                    choosing += System.nanoTime() - c0;
                    if (vocab.isEndOfGeneration(token)) {
                        break;
                    }
                    text.append(new String(vocab.piece(token), java.nio.charset.StandardCharsets.UTF_8));
                    ctx.decode(new int[] {token}, 0, 1);
                }
            } finally {
                if (grammarChain != null) {
                    lib.llama_sampler_free(grammarChain);
                }
            }
            double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, made);
            if (gbnf != null || matcher != null) {
                assertTrue(new TokenMatcher(Gbnf.parse(grammar), new Vocabulary(new byte[1][1], new int[0]))
                        .accepts(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), what + ": " + text);
            }
            System.out.printf("  %s: %d tokens, %.1f ms/token, choosing the token %.2f ms/token (%.1f %% of the time): %s%n",
                    what, made, ms, choosing / 1e6 / Math.max(1, made), 100.0 * choosing / (System.nanoTime() - start),
                    text.length() > 40 ? text.substring(0, 40) + "…" : text);
            return ms;
        }
    }
}
