package dev.mlxgguf.grammar;

import dev.mlxgguf.json.Jsonp;
import dev.mlxgguf.testkit.schema.RandomSchemas;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random walks through compiled schemas: at every step a byte the matcher allows is drawn at random, and the
 * walk may end wherever the matcher says the text is complete. Every text must validate under the schema
 * (networknt, draft 2020-12, formats asserted).
 */
class SchemaPropertyTest {

    private static final int SCHEMAS = 1500;
    private static final int WALKS = 4;
    private static final int MAX_BYTES = 4000;

    @Test
    void everyCompleteWalkValidates() {
        RandomSchemas schemas = new RandomSchemas(20261203);
        SplittableRandom rnd = new SplittableRandom(5);
        List<String> failures = new ArrayList<>();
        int walked = 0;
        for (int i = 0; i < SCHEMAS; i++) {
            JsonObject schema = schemas.next();
            String text = Jsonp.write(schema);
            Grammar g = JsonSchemaGrammar.compile(schema);
            SchemaValidator validator = new SchemaValidator(text);
            for (int w = 0; w < WALKS; w++) {
                String json = walk(g, rnd);
                if (json == null) {
                    continue;
                }
                walked++;
                var errors = validator.errors(json);
                if (!errors.isEmpty() && failures.size() < 10) {
                    failures.add(text + "\n  " + Jsonp.quote(json) + "\n  " + errors);
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(walked > SCHEMAS * WALKS * 0.8, "walks that finished: " + walked);
    }

    /** A random sentence of the grammar, or null if the walk ran too long. */
    static String walk(Grammar g, SplittableRandom rnd) {
        TokenMatcher m = new TokenMatcher(g, Texts.BYTES);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < MAX_BYTES) {
            if (m.finished() || (m.complete() && rnd.nextInt(3) == 0)) {
                return out.toString(StandardCharsets.UTF_8);
            }
            long[] allowed = m.allowed();
            List<Integer> bytes = new ArrayList<>();
            for (int b = 0; b < 256; b++) {
                if ((allowed[b >>> 6] & (1L << b)) != 0) {
                    bytes.add(b);
                }
            }
            // favour closing characters so that walks end: structure first, then anything
            int b = pick(bytes, rnd);
            assertTrue(m.accept(new byte[] {(byte) b}));
            out.write(b);
        }
        return null;
    }

    private static int pick(List<Integer> bytes, SplittableRandom rnd) {
        if (rnd.nextInt(3) == 0) {
            for (int c : new int[] {'"', ']', '}'}) {
                if (bytes.contains(c)) {
                    return c;
                }
            }
        }
        return bytes.get(rnd.nextInt(bytes.size()));
    }
}
