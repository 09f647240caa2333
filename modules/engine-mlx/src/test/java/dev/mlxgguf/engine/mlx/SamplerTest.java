package dev.mlxgguf.engine.mlx;

import dev.mlxgguf.api.SamplingParams;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

/** Filters and processors in mlx_lm's semantics. */
class SamplerTest {

    private static final float[] LOGITS = {1f, 3f, 2f, 0f, 2.5f};

    private static Set<Integer> survivors(SamplingParams p) {
        Candidates c = Candidates.filtered(LOGITS.clone(), p);
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < c.size(); i++) {
            ids.add(c.id(i));
        }
        return ids;
    }

    private static SamplingParams.Builder none() {
        return SamplingParams.builder().temperature(1).topK(0).topP(1).minP(0).typicalP(1);
    }

    @Test
    void topKKeepsTheLargest() {
        assertThat(survivors(none().topK(2).build()), is(Set.of(1, 4)));
        assertThat(survivors(none().topK(1).build()), is(Set.of(1)));
    }

    @Test
    void topPKeepsTheTokenThatCrossesTheThreshold() {
        // probabilities: 3 -> 0.463, 2.5 -> 0.281, 2 -> 0.170, 1 -> 0.063, 0 -> 0.023
        assertThat(survivors(none().topP(0.3).build()), is(Set.of(1)));
        assertThat(survivors(none().topP(0.5).build()), is(Set.of(1, 4)));
        assertThat(survivors(none().topP(0.75).build()), is(Set.of(1, 4, 2)));
    }

    @Test
    void minPIsRelativeToTheMostLikelyToken() {
        assertThat(survivors(none().minP(0.5).build()), is(Set.of(1, 4)));
        assertThat(survivors(none().minP(1).build()), is(Set.of(1)));
    }

    @Test
    void filtersCombineAsTheShortestPrefix() {
        assertThat(survivors(none().topK(3).topP(0.5).build()), is(Set.of(1, 4)));
        assertThat(survivors(none().topK(1).minP(0.01).build()), is(Set.of(1)));
    }

    @Test
    void penaltiesFollowLlamaCppAndMlxLm() {
        float[] l = {2f, -2f, 1f, 0.5f};
        SamplingParams p = SamplingParams.builder().repetitionPenalty(2).frequencyPenalty(0.5).presencePenalty(0.25)
                .repetitionContextSize(3).logitBias(Map.of(3, 1.0)).build();
        Penalties.apply(l, p, new int[] {2, 0, 1, 1}, 4);
        assertThat(l[0], is(2f / 2 - 0.5f - 0.25f));
        assertThat(l[1], is(-2f * 2 - 2 * 0.5f - 0.25f));
        assertThat("outside the window", l[2], is(1f));
        assertThat("bias", l[3], is(1.5f));
    }

    @Test
    void samplingFollowsTheDistribution() {
        Candidates c = Candidates.filtered(LOGITS.clone(), none().build());
        SplittableRandom rnd = new SplittableRandom(1);
        int[] counts = new int[5];
        for (int i = 0; i < 20000; i++) {
            counts[c.sample(1.0, rnd)]++;
        }
        assertThat(counts[1] > counts[4] && counts[4] > counts[2] && counts[2] > counts[0] && counts[0] > counts[3], is(true));
        assertThat(Math.abs(counts[1] / 20000.0 - 0.4631) < 0.02, is(true));
    }
}
