package dev.mlxgguf.testkit.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * GBNF grammars in the style of llama.cpp's samples ({@code grammars/json.gbnf}, {@code arithmetic.gbnf},
 * {@code list.gbnf}), written for these tests. Stateless.
 */
public final class GbnfSamples {

    /** The sample names. */
    public static final List<String> NAMES = List.of("json.gbnf", "arithmetic.gbnf", "list.gbnf");

    private GbnfSamples() {
    }

    /**
     * @param name one of {@link #NAMES}
     * @return the grammar text
     */
    public static String text(String name) {
        try (InputStream in = GbnfSamples.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
