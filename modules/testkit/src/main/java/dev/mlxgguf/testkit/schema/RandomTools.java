package dev.mlxgguf.testkit.schema;

import dev.mlxgguf.json.Jsonp;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.SplittableRandom;

/**
 * Random OpenAI tool sets: one to three functions, each with an object schema of up to three properties drawn
 * from {@link RandomSchemas} (or plain strings), some required, all {@code strict}. Definitions a property refers
 * to ({@code #/$defs/...}) move to the parameters' root, where references resolve. Deterministic per seed; not
 * thread-safe.
 */
public final class RandomTools {

    private final SplittableRandom rnd;
    private final RandomSchemas schemas;
    private final int maxSchemaChars;

    /** @param seed the seed */
    public RandomTools(long seed) {
        this(seed, Integer.MAX_VALUE);
    }

    /**
     * @param seed           the seed
     * @param maxSchemaChars the longest a property's schema may be as JSON text (longer ones are drawn again, up to
     *                       a few times, then become an integer): keeps prompts that render the tools short
     */
    public RandomTools(long seed, int maxSchemaChars) {
        this.rnd = new SplittableRandom(seed);
        this.schemas = new RandomSchemas(seed + 1);
        this.maxSchemaChars = maxSchemaChars;
    }

    private JsonObject property() {
        for (int tries = 0; tries < 8; tries++) {
            JsonObject s = rnd.nextInt(3) == 0 ? Jsonp.object().add("type", "string").build() : schemas.next();
            if (s.toString().length() <= maxSchemaChars) {
                return s;
            }
        }
        return Jsonp.object().add("type", "integer").build();
    }

    /** {@return the next tool set, as the request's {@code tools} array} */
    public JsonArray next() {
        int n = 1 + rnd.nextInt(3);
        JsonArrayBuilder tools = Jsonp.array();
        for (int i = 0; i < n; i++) {
            JsonObjectBuilder props = Jsonp.object();
            JsonArrayBuilder required = Jsonp.array();
            JsonObject defs = null;
            int k = rnd.nextInt(4);
            for (int p = 0; p < k; p++) {
                String name = "p" + p;
                JsonObject s = property();
                if (s.containsKey("$defs")) {
                    if (defs != null) {
                        s = Jsonp.object().add("type", "integer").build(); // one property's definitions per tool
                    } else {
                        defs = s.getJsonObject("$defs");
                        s = Jsonp.object(s).remove("$defs").build();
                    }
                }
                props.add(name, s);
                if (rnd.nextBoolean()) {
                    required.add(name);
                }
            }
            JsonObjectBuilder parameters = Jsonp.object().add("type", "object").add("properties", props).add("required", required);
            if (defs != null) {
                parameters.add("$defs", defs);
            }
            tools.add(Jsonp.object().add("type", "function").add("function", Jsonp.object()
                    .add("name", "tool_" + i + (rnd.nextBoolean() ? "_x" : ""))
                    .add("description", "Tool number " + i + ".")
                    .add("parameters", parameters)
                    .add("strict", true)));
        }
        return tools.build();
    }
}
