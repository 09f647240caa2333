package dev.mlxgguf.engine.mlx.config;

import dev.mlxgguf.api.ModelLoadException;
import dev.mlxgguf.engine.mlx.metadata.Metadata;

import org.junit.jupiter.api.Test;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RoPE scaling variants and config dispatch. */
class RopeTest {

    @Test
    void llama3ScalesLongWavelengthsAndKeepsShortOnes() {
        Rope plain = Rope.of(64, 500000, new RopeScaling.None(), 131072, false);
        Rope scaled = Rope.of(64, 500000, new RopeScaling.Llama3(32, 1, 4, 8192), 131072, false);
        assertThat((double) scaled.invFreq(0), closeTo(plain.invFreq(0), 1e-9));
        assertThat((double) scaled.invFreq(31), closeTo(plain.invFreq(31) / 32, 1e-12));
    }

    @Test
    void linearAndLongRope() {
        assertThat((double) Rope.of(8, 10000, new RopeScaling.Linear(4), 4096, false).invFreq(1),
                closeTo(Math.pow(10000, -2.0 / 8) / 4, 1e-7));
        RopeScaling.LongRope lr = new RopeScaling.LongRope(java.util.List.of(1.0, 2.0), java.util.List.of(1.0, 1.0), 4096);
        Rope r = Rope.of(4, 10000, lr, 131072, false);
        assertThat((double) r.invFreq(1), closeTo(1 / (2 * Math.pow(10000, 0.5)), 1e-9));
        assertThat((double) r.mscale(), closeTo(Math.sqrt(1 + Math.log(32) / Math.log(4096)), 1e-6));
    }

    @Test
    void configDispatchAndRefusals() {
        String base = "\"hidden_size\": 64, \"num_hidden_layers\": 2, \"num_attention_heads\": 4, \"intermediate_size\": 128,"
                + " \"vocab_size\": 100";
        ArchConfig gemma3 = ArchConfig.read(Metadata.parse("{\"model_type\": \"gemma3\", \"text_config\": {" + base
                + ", \"head_dim\": 16, \"sliding_window\": 4, \"sliding_window_pattern\": 2}}"));
        ForwardSpec s = gemma3.forwardSpec();
        assertThat(s.prefix(), is("language_model."));
        assertThat(s.layers().get(0).window(), is(4));
        assertThat(s.layers().get(1).window(), is(0));
        assertThat(s.embedScale(), is(8f));
        assertThat(ArchConfig.read(Metadata.parse("{\"model_type\": \"mistral\", " + base + "}")).modelType(),
                is("mistral"));
        assertThat(assertThrows(ModelLoadException.class, () -> ArchConfig.read(Metadata.parse(
                "{\"model_type\": \"mamba\", " + base + "}"))).getMessage(), containsString("mamba"));
        assertThrows(ModelLoadException.class, () -> ArchConfig.read(Metadata.parse(
                "{\"model_type\": \"llama\", " + base + ", \"rope_scaling\": {\"type\": \"weird\"}}")));
        assertThrows(ModelLoadException.class, () -> ArchConfig.read(Metadata.parse(
                "{\"model_type\": \"llama\", \"hidden_size\": 64}")));
    }
}
