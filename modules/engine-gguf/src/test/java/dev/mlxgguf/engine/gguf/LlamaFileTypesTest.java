package dev.mlxgguf.engine.gguf;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

class LlamaFileTypesTest {

    @Test
    void namesFollowLlamaFtype() {
        assertThat(LlamaFileTypes.name(0), is("F32"));
        assertThat(LlamaFileTypes.name(1), is("F16"));
        assertThat(LlamaFileTypes.name(2), is("Q4_0"));
        assertThat(LlamaFileTypes.name(7), is("Q8_0"));
        assertThat(LlamaFileTypes.name(15), is("Q4_K_M"));
        assertThat(LlamaFileTypes.name(18), is("Q6_K"));
        assertThat(LlamaFileTypes.name(32), is("BF16"));
        assertThat(LlamaFileTypes.name(7 | LlamaFileTypes.GUESSED), is("Q8_0"));
        assertThat(LlamaFileTypes.name(4), is(""));
        assertThat(LlamaFileTypes.name(999), is(""));
    }
}
