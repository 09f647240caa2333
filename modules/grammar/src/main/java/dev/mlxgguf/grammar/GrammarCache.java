package dev.mlxgguf.grammar;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Compiles grammar sources once: the last {@value #CAPACITY} compiled grammars are kept by their source, so
 * an app that sends one schema with every request compiles it once. A failed compilation is not kept.
 *
 * <p>Thread-safe (one lock; compilation runs outside it).
 */
public final class GrammarCache {

    private static final int CAPACITY = 64;

    private final Map<String, Grammar> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Grammar> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * @param schemaJson a JSON Schema as JSON text
     * @return its grammar
     * @throws GrammarException if the text is not JSON or the schema cannot be compiled
     */
    public Grammar jsonSchema(String schemaJson) {
        return get("s" + schemaJson, () -> {
            JsonValue schema;
            try {
                schema = Jsonp.parse(schemaJson);
            } catch (RuntimeException e) {
                throw new GrammarException("the schema is not valid JSON", "");
            }
            return JsonSchemaGrammar.compile(schema);
        });
    }

    /**
     * @param text a GBNF grammar
     * @return its grammar
     * @throws GrammarException on a syntax error
     */
    public Grammar gbnf(String text) {
        return get("g" + text, () -> Gbnf.parse(text));
    }

    /** {@return the grammar of any JSON object} */
    public Grammar jsonObject() {
        return get("o", JsonSchemaGrammar::anyObject);
    }

    /**
     * @param key     what identifies the grammar among this cache's (a prefix of the caller's own, then the source)
     * @param compile compiles it on a miss
     * @return the grammar
     * @throws GrammarException as {@code compile} does
     */
    public Grammar compiled(String key, Supplier<Grammar> compile) {
        return get("c" + key, compile);
    }

    private Grammar get(String key, Supplier<Grammar> compile) {
        synchronized (cache) {
            Grammar g = cache.get(key);
            if (g != null) {
                return g;
            }
        }
        Grammar g = compile.get();
        synchronized (cache) {
            cache.put(key, g);
        }
        return g;
    }
}
